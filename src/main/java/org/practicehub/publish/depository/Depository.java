package org.practicehub.publish.depository;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.practicehub.model.Practice;
import org.practicehub.publish.AtomicFiles;
import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;

/**
 * The shared depository folder: one JSON file per practice, an index, an Atom feed and a JSON Feed.
 * Files are rewritten only when their content changes, so partners syncing the folder see real changes only.
 */
public class Depository {

    private final PracticeStore store;
    private final Path dir;
    private final String publicUrl;
    private final String title;

    public Depository(PracticeStore store, Path dir, String publicUrl, String title) {
        this.store = store;
        this.dir = dir;
        this.publicUrl = publicUrl;
        this.title = title;
    }

    public Path dir() {
        return dir;
    }

    /** Brings the folder in step with the store; returns how many files were written and left as they were. */
    public synchronized Map<String, Integer> publish() {
        List<Practice> practices = store.all();
        int written = 0;
        int same = 0;
        for (Practice p : practices) {
            if (AtomicFiles.writeIfChanged(dir.resolve("practices").resolve(p.id() + ".json"), Json.pretty(p))) {
                written++;
            } else {
                same++;
            }
        }
        // a withdrawn practice keeps its file, as a tombstone, so partners syncing the folder see it go
        for (Map.Entry<String, Instant> w : store.withdrawn().entrySet()) {
            Map<String, Object> tomb = new LinkedHashMap<>();
            tomb.put("schemaVersion", Practice.SCHEMA_VERSION);
            tomb.put("id", w.getKey());
            tomb.put("withdrawn", w.getValue());
            if (AtomicFiles.writeIfChanged(dir.resolve("practices").resolve(w.getKey() + ".json"), Json.pretty(tomb))) {
                written++;
            } else {
                same++;
            }
        }
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("index.json", index(practices));
        shared.put("feed.atom", Feeds.atom(practices, title, publicUrl));
        shared.put("feed.json", Feeds.jsonFeed(practices, title, publicUrl));
        for (Map.Entry<String, String> e : shared.entrySet()) {
            if (AtomicFiles.writeIfChanged(dir.resolve(e.getKey()), e.getValue())) {
                written++;
            } else {
                same++;
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("practices", practices.size());
        counts.put("filesWritten", written);
        counts.put("filesUnchanged", same);
        return counts;
    }

    private String index(List<Practice> practices) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Practice p : practices) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", p.id());
            r.put("title", p.title());
            r.put("networks", p.networks());
            r.put("firstSeen", p.firstSeen());
            r.put("lastChanged", p.lastChanged());
            r.put("href", "practices/" + p.id() + ".json");
            rows.add(r);
        }
        Map<String, Object> idx = new LinkedHashMap<>();
        idx.put("schemaVersion", Practice.SCHEMA_VERSION);
        idx.put("title", title);
        idx.put("updated", practices.stream().map(Practice::lastChanged).max(Comparator.naturalOrder()).orElse(Instant.EPOCH));
        idx.put("count", practices.size());
        idx.put("practices", rows);
        return Json.pretty(idx);
    }
}
