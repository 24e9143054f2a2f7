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

    /** The practice's member page: where every link meant for a person goes. */
    public static String practiceUrl(String publicUrl, String id) {
        return publicUrl + "/practices/" + id;
    }

    /** The practice's schema v1 document in the read API, for programs. */
    public static String practiceApiUrl(String publicUrl, String id) {
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
        return atom(practices, title, publicUrl, new Problems());
    }

    /**
     * The Atom feed of these practices. Every text is made safe first ({@link Problems#text}); a practice whose entry
     * still cannot be written is left out and named in {@code problems}, and the feed is written without it.
     */
    public static String atom(List<Practice> practices, String title, String publicUrl, Problems problems) {
        Feed f = new Feed("atom_1.0");
        f.setId("tag:practice-hub,2026:feed:practices");
        f.setTitle(problems.text(title));
        f.setUpdated(Date.from(updated(practices, Instant.EPOCH)));
        Link self = new Link();
        self.setRel("self");
        self.setType("application/atom+xml");
        self.setHref(publicUrl + "/feeds/practices.atom");
        Link alt = new Link();
        alt.setRel("alternate");
        alt.setType("text/html");
        alt.setHref(publicUrl + "/practices");
        Link api = new Link();
        api.setRel("alternate");
        api.setType("application/json");
        api.setHref(publicUrl + "/api/practices");
        f.setAlternateLinks(List.of(alt, api));
        f.setOtherLinks(List.of(self));
        Person hub = new Person();
        hub.setName(problems.text(title));
        f.setAuthors(List.of(hub));
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Practice p : newestFirst(practices)) {
            try {
                entries.put(p.id(), entry(p, publicUrl, problems));
            } catch (RuntimeException e) {
                problems.skip(p.id(), "Atom entry: " + Problems.reason(e));
            }
        }
        f.setEntries(new ArrayList<>(entries.values()));
        try {
            return new WireFeedOutput().outputString(f, true);
        } catch (FeedException | RuntimeException e) {
            // one entry Rome (or JDOM under it) refuses must not stop the feed: find it by writing each alone
            entries.entrySet().removeIf(en -> {
                Feed one = new Feed("atom_1.0");
                one.setId(f.getId());
                one.setTitle(f.getTitle());
                one.setUpdated(f.getUpdated());
                one.setEntries(List.of(en.getValue()));
                try {
                    new WireFeedOutput().outputString(one, false);
                    return false;
                } catch (FeedException | RuntimeException bad) {
                    problems.skip(en.getKey(), "Atom entry: " + Problems.reason(bad));
                    return true;
                }
            });
            f.setEntries(new ArrayList<>(entries.values()));
            try {
                return new WireFeedOutput().outputString(f, true);
            } catch (FeedException again) {
                throw new IllegalStateException("cannot write the Atom feed", again);
            }
        }
    }

    private static Entry entry(Practice p, String publicUrl, Problems problems) {
        Entry e = new Entry();
        e.setId(entryId(p.id()));
        e.setTitle(problems.text(p.title()));
        e.setUpdated(Date.from(p.lastChanged()));
        e.setPublished(Date.from(p.firstSeen()));
        // the member page first: a feed reader opens the first alternate link, and a person should land on a page
        Link page = new Link();
        page.setRel("alternate");
        page.setType("text/html");
        page.setHref(practiceUrl(publicUrl, p.id()));
        Link doc = new Link();
        doc.setRel("alternate");
        doc.setType("application/json");
        doc.setHref(practiceApiUrl(publicUrl, p.id()));
        e.setAlternateLinks(List.of(page, doc));
        if (p.summary() != null) {
            Content s = new Content();
            s.setType("text");
            s.setValue(problems.text(p.summary()));
            e.setSummary(s);
        }
        if (p.description() != null && p.description().html() != null) {
            Content c = new Content();
            c.setType("html");
            c.setValue(problems.text(p.description().html()));
            e.setContents(List.of(c));
        }
        List<Category> cats = new ArrayList<>();
        for (String n : p.networks()) {
            cats.add(category(problems.text(n), NETWORK_SCHEME));
        }
        if (p.themes() != null) {
            p.themes().forEach(t -> cats.add(category(problems.text(t), THEME_SCHEME)));
        }
        e.setCategories(cats);
        return e;
    }

    private static Category category(String term, String scheme) {
        Category c = new Category();
        c.setTerm(term);
        c.setScheme(scheme);
        return c;
    }

    public static String jsonFeed(List<Practice> practices, String title, String publicUrl) {
        return jsonFeed(practices, title, publicUrl, new Problems());
    }

    /** The JSON Feed of these practices; as {@link #atom}, a practice whose item cannot be written is left out and named. */
    public static String jsonFeed(List<Practice> practices, String title, String publicUrl, Problems problems) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", "https://jsonfeed.org/version/1.1");
        f.put("title", problems.text(title));
        f.put("home_page_url", publicUrl + "/");
        f.put("feed_url", publicUrl + "/feeds/practices.json");
        f.put("description", "Good practices on migration shared between knowledge networks");
        f.put("authors", List.of(Map.of("name", problems.text(title))));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Practice p : newestFirst(practices)) {
            try {
                Map<String, Object> i = item(p, publicUrl, problems);
                Json.write(i);
                items.add(i);
            } catch (RuntimeException e) {
                problems.skip(p.id(), "JSON Feed item: " + Problems.reason(e));
            }
        }
        f.put("items", items);
        return Json.pretty(f);
    }

    private static Map<String, Object> item(Practice p, String publicUrl, Problems problems) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", entryId(p.id()));
        i.put("url", practiceUrl(publicUrl, p.id()));
        i.put("title", problems.text(p.title()));
        if (p.summary() != null) {
            i.put("summary", problems.text(p.summary()));
        }
        if (p.description() != null && p.description().html() != null) {
            i.put("content_html", problems.text(p.description().html()));
        } else {
            i.put("content_text", problems.text(p.summary() == null ? p.title() : p.summary()));
        }
        i.put("date_published", p.firstSeen().toString());
        i.put("date_modified", p.lastChanged().toString());
        List<String> tags = new ArrayList<>();
        if (p.themes() != null) {
            p.themes().forEach(t -> tags.add(problems.text(t)));
        }
        if (!tags.isEmpty()) {
            i.put("tags", tags);
        }
        if (p.language() != null) {
            i.put("language", problems.text(p.language()));
        }
        // provenance rides along as a JSON Feed extension, so a hub reading this feed never echoes a practice back
        // (and the practice's API document, for programs: "url" is the member page, "external_url" is for a link elsewhere)
        i.put("_practice_hub", Map.of("id", p.id(), "api_url", practiceApiUrl(publicUrl, p.id()), "networks", p.networks(), "sources", p.sources()));
        return i;
    }
}
