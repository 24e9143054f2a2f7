package org.practicehub.publish.depository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import org.practicehub.model.Practice;
import org.practicehub.store.Json;

/**
 * The depository's feeds: Atom 1.0 (RFC 4287) and JSON Feed 1.1. Newest change first; every date
 * comes from the practices, so the same store always gives the same bytes.
 */
public final class Feeds {

    public static final String NETWORK_SCHEME = "urn:practice-hub:network";
    public static final String THEME_SCHEME = "urn:practice-hub:theme";

    private Feeds() {}

    /** Feed and entry ids are tag URIs on the practice id: they stay the same wherever the hub is served from. */
    public static String entryId(String practiceId) {
        return "tag:practice-hub,2026:practice:" + practiceId;
    }

    public static String practiceUrl(String publicUrl, String id) {
        return publicUrl + "/api/practices/" + id;
    }

    private static List<Practice> newestFirst(List<Practice> practices) {
        List<Practice> sorted = new ArrayList<>(practices);
        sorted.sort(Comparator.comparing(Practice::lastChanged).reversed().thenComparing(Practice::id));
        return sorted;
    }

    private static Instant updated(List<Practice> practices, Instant empty) {
        return practices.stream().map(Practice::lastChanged).max(Comparator.naturalOrder()).orElse(empty);
    }

    public static String atom(List<Practice> practices, String title, String publicUrl) {
        Feed f = new Feed("atom_1.0");
        f.setId("tag:practice-hub,2026:feed:practices");
        f.setTitle(title);
        f.setUpdated(Date.from(updated(practices, Instant.EPOCH)));
        Link self = new Link();
        self.setRel("self");
        self.setType("application/atom+xml");
        self.setHref(publicUrl + "/feeds/practices.atom");
        Link alt = new Link();
        alt.setRel("alternate");
        alt.setType("application/json");
        alt.setHref(publicUrl + "/api/practices");
        f.setOtherLinks(List.of(self, alt));
        Person hub = new Person();
        hub.setName(title);
        f.setAuthors(List.of(hub));
        List<Entry> entries = new ArrayList<>();
        for (Practice p : newestFirst(practices)) {
            Entry e = new Entry();
            e.setId(entryId(p.id()));
            e.setTitle(p.title());
            e.setUpdated(Date.from(p.lastChanged()));
            e.setPublished(Date.from(p.firstSeen()));
            Link l = new Link();
            l.setRel("alternate");
            l.setType("application/json");
            l.setHref(practiceUrl(publicUrl, p.id()));
            e.setAlternateLinks(List.of(l));
            if (p.summary() != null) {
                Content s = new Content();
                s.setType("text");
                s.setValue(p.summary());
                e.setSummary(s);
            }
            if (p.description() != null && p.description().html() != null) {
                Content c = new Content();
                c.setType("html");
                c.setValue(p.description().html());
                e.setContents(List.of(c));
            }
            List<Category> cats = new ArrayList<>();
            for (String n : p.networks()) {
                cats.add(category(n, NETWORK_SCHEME));
            }
            if (p.themes() != null) {
                p.themes().forEach(t -> cats.add(category(t, THEME_SCHEME)));
            }
            e.setCategories(cats);
            entries.add(e);
        }
        f.setEntries(entries);
        try {
            return new WireFeedOutput().outputString(f, true);
        } catch (FeedException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
    }

    private static Category category(String term, String scheme) {
        Category c = new Category();
        c.setTerm(term);
        c.setScheme(scheme);
        return c;
    }

    public static String jsonFeed(List<Practice> practices, String title, String publicUrl) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", "https://jsonfeed.org/version/1.1");
        f.put("title", title);
        f.put("home_page_url", publicUrl + "/");
        f.put("feed_url", publicUrl + "/feeds/practices.json");
        f.put("description", "Good practices on migration shared between knowledge networks");
        f.put("authors", List.of(Map.of("name", title)));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Practice p : newestFirst(practices)) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("id", entryId(p.id()));
            i.put("url", practiceUrl(publicUrl, p.id()));
            i.put("title", p.title());
            if (p.summary() != null) {
                i.put("summary", p.summary());
            }
            if (p.description() != null && p.description().html() != null) {
                i.put("content_html", p.description().html());
            } else {
                i.put("content_text", p.summary() == null ? p.title() : p.summary());
            }
            i.put("date_published", p.firstSeen().toString());
            i.put("date_modified", p.lastChanged().toString());
            List<String> tags = new ArrayList<>();
            if (p.themes() != null) {
                tags.addAll(p.themes());
            }
            if (!tags.isEmpty()) {
                i.put("tags", tags);
            }
            if (p.language() != null) {
                i.put("language", p.language());
            }
            // provenance rides along as a JSON Feed extension, so a hub reading this feed never echoes a practice back
            i.put("_practice_hub", Map.of("id", p.id(), "networks", p.networks(), "sources", p.sources()));
            items.add(i);
        }
        f.put("items", items);
        return Json.pretty(f);
    }
}
