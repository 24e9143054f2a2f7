package org.practicehub.publish.digest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import org.practicehub.publish.AtomicFiles;
import org.practicehub.store.Editions;
import org.practicehub.store.Json;

/**
 * Each edition in the shared depository: {@code updates/<digest>/<date>.html} and {@code .json} (the network-wide
 * edition, no member's filters), and {@code updates.atom}, one entry per edition with an id that never changes,
 * so a partner reading the feed sees each edition once. An edition's files are written when it is created
 * and never again.
 */
public class Updates {

    static final int FEED_ENTRIES = 100;

    private final Path dir;
    private final String publicUrl;
    private final String hubTitle;
    private final Editions editions;

    public Updates(Path depository, String publicUrl, String hubTitle, Editions editions) {
        this.dir = depository;
        this.publicUrl = publicUrl;
        this.hubTitle = hubTitle;
        this.editions = editions;
    }

    public String url(String digestId, String date, String ext) {
        return publicUrl + "/api/updates/" + digestId + "/" + date + "." + ext;
    }

    public Path file(String digestId, String date, String ext) {
        return dir.resolve("updates").resolve(digestId).resolve(date + "." + ext);
    }

    /** What an edition's JSON says of one practice. */
    public record Listed(String id, String title, List<String> networks, boolean updated) {

        static Listed of(org.practicehub.model.Practice p) {
            return new Listed(p.id(), p.title(), p.networks(), false);
        }

        Listed updated(boolean u) {
            return new Listed(id, title, networks, u);
        }
    }

    public void publish(Editions.Edition e, String html, List<Listed> items) {
        publish(e, html, items, null);
    }

    /** @param note the facilitator's note the edition goes out with (null: none), in the JSON as written */
    public void publish(Editions.Edition e, String html, List<Listed> items, org.practicehub.store.EditionNotes.Note note) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("digest", e.digestId());
        doc.put("title", e.title());
        doc.put("date", e.date());
        doc.put("published", e.createdAt().toString());
        if (note != null && !note.isEmpty()) {
            doc.put("note", note);
        }
        doc.put("count", items.size());
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Listed i : items) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", i.id());
            p.put("title", i.title());
            p.put("url", org.practicehub.publish.depository.Feeds.practiceUrl(publicUrl, i.id()));
            p.put("api", org.practicehub.publish.depository.Feeds.practiceApiUrl(publicUrl, i.id()));
            p.put("networks", i.networks());
            p.put("status", i.updated() ? "updated" : "new");
            ps.add(p);
        }
        doc.put("practices", ps);
        AtomicFiles.writeIfChanged(file(e.digestId(), e.date(), "json"), Json.pretty(doc));
        AtomicFiles.writeIfChanged(file(e.digestId(), e.date(), "html"), html);
        AtomicFiles.writeIfChanged(dir.resolve("updates.atom"), atom(editions.published(FEED_ENTRIES)));
    }

    /** The list behind GET /api/updates: newest first. */
    public List<Map<String, Object>> list(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Editions.Edition e : editions.published(limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("digest", e.digestId());
            m.put("title", e.title());
            m.put("date", e.date());
            m.put("published", e.createdAt().toString());
            m.put("practices", e.practices());
            m.put("html", url(e.digestId(), e.date(), "html"));
            m.put("json", url(e.digestId(), e.date(), "json"));
            out.add(m);
        }
        return out;
    }

    /** The feed before the first edition. */
    public String emptyAtom() {
        return atom(List.of());
    }

    /** Where the depository is. */
    public Path dir() {
        return dir;
    }

    String atom(List<Editions.Edition> list) {
        Feed f = new Feed("atom_1.0");
        f.setId("tag:practice-hub,2026:feed:updates");
        f.setTitle(hubTitle + ": community updates");
        f.setUpdated(Date.from(list.isEmpty() ? java.time.Instant.EPOCH : list.get(0).createdAt()));
        Link self = new Link();
        self.setRel("self");
        self.setType("application/atom+xml");
        self.setHref(publicUrl + "/feeds/updates.atom");
        f.setOtherLinks(List.of(self));
        Person author = new Person();
        author.setName(hubTitle);
        f.setAuthors(List.of(author));
        List<Entry> entries = new ArrayList<>();
        for (Editions.Edition e : list) {
            Entry en = new Entry();
            en.setId("tag:practice-hub,2026:update:" + e.digestId() + ":" + e.date());
            en.setTitle(e.title() + ", " + e.date());
            en.setUpdated(Date.from(e.createdAt()));
            en.setPublished(Date.from(e.createdAt()));
            Link alt = new Link();
            alt.setRel("alternate");
            alt.setType("text/html");
            alt.setHref(url(e.digestId(), e.date(), "html"));
            Link json = new Link();
            json.setRel("alternate");
            json.setType("application/json");
            json.setHref(url(e.digestId(), e.date(), "json"));
            en.setAlternateLinks(List.of(alt, json));
            Content summary = new Content();
            summary.setType("text");
            summary.setValue(e.practices() + (e.practices() == 1 ? " practice" : " practices") + " new or updated");
            en.setSummary(summary);
            entries.add(en);
        }
        f.setEntries(entries);
        try {
            return new WireFeedOutput().outputString(f);
        } catch (FeedException ex) {
            throw new IllegalStateException("cannot write updates.atom: " + ex.getMessage(), ex);
        }
    }
}
