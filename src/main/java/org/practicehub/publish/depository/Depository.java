package org.practicehub.publish.depository;

import java.nio.file.Files;
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
 * The shared depository folder: one JSON file per practice (a tombstone once withdrawn), an index,
 * an Atom feed and a JSON Feed of the most recent changes. It reads the store's change events from
 * where it last stopped, so a publish after nothing changed does no work, and a publish after a few
 * changes rewrites those files only. Files are rewritten only when their content changes.
 */
public class Depository {

    static final String PUBLISHER = "depository";

    private final PracticeStore store;
    private final Path dir;
    private final String publicUrl;
    private final String title;
    private final int feedEntries;
    private final String publisher;

    public Depository(PracticeStore store, Path dir, String publicUrl, String title, int feedEntries) {
        this(store, dir, publicUrl, title, feedEntries, PUBLISHER);
    }

    /**
     * @param publisher the name of this folder's mark in publisher_state: each instance sharing a database keeps its
     *                  own folder, so each needs its own mark
     */
    public Depository(PracticeStore store, Path dir, String publicUrl, String title, int feedEntries, String publisher) {
        this.publisher = publisher;
        this.store = store;
        this.dir = dir;
        this.publicUrl = publicUrl;
        this.title = title;
        this.feedEntries = feedEntries;
    }

    public Path dir() {
        return dir;
    }

    /** Brings the folder in step with the store; returns how many files were written and left as they were. */
    public synchronized Map<String, Integer> publish() {
        long head = store.lastEventSeq();
        long done = store.publishedUpTo(publisher);
        boolean whole = done == 0 || !Files.exists(dir.resolve("index.json"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("practices", store.count());
        if (!whole && head == done) {
            counts.put("changed", 0);
            counts.put("filesWritten", 0);
            counts.put("filesUnchanged", 0);
            return counts;
        }
        // read once: the whole folder's ids and the index both come from it (each read scans every practice row)
        List<PracticeStore.Summary> all = store.summaries();
        List<String> changed = whole ? allIds(all) : store.changedSince(done);
        // two halves at once, one on a thread of its own: reading the documents and writing the files is a single
        // core's work otherwise, and a first publish after a large ingest writes thousands
        int half = changed.size() < 1000 ? changed.size() : changed.size() / 2;
        Half second = new Half(changed.subList(half, changed.size()));
        Thread helper = new Thread(second, "depository-writer");
        if (half < changed.size()) {
            helper.start();
        }
        int[] first;
        try {
            first = writeDocs(changed.subList(0, half));
        } finally {
            // the other half ends before this publish does, whichever way: a later publish must not meet its writes
            joinUninterruptibly(helper);
        }
        if (second.failure != null) {
            throw second.failure;
        }
        int written = first[0] + second.counts[0];
        int same = first[1] + second.counts[1];
        List<Practice> recent = store.newest(feedEntries);
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("index.json", index(all));
        shared.put("feed.atom", Feeds.atom(recent, title, publicUrl));
        shared.put("feed.json", Feeds.jsonFeed(recent, title, publicUrl));
        for (Map.Entry<String, String> e : shared.entrySet()) {
            if (AtomicFiles.writeIfChanged(dir.resolve(e.getKey()), e.getValue())) {
                written++;
            } else {
                same++;
            }
        }
        store.published(publisher, head);
        counts.put("changed", changed.size());
        counts.put("filesWritten", written);
        counts.put("filesUnchanged", same);
        return counts;
    }

    /** The half of a publish written on the helper thread: its counts, or what stopped it. */
    private final class Half implements Runnable {
        final List<String> ids;
        int[] counts = new int[2];
        RuntimeException failure;

        Half(List<String> ids) {
            this.ids = ids;
        }

        @Override
        public void run() {
            try {
                counts = writeDocs(ids);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes these practices' files, a chunk at a time; returns how many were written and how many left as they were. */
    private int[] writeDocs(List<String> ids) {
        int[] counts = new int[2];
        // a chunk at a time: a whole store's documents at once would set the heap the hub needs
        for (int from = 0; from < ids.size(); from += 500) {
            for (Map.Entry<String, String> doc : store.depositoryDocs(ids.subList(from, Math.min(ids.size(), from + 500))).entrySet()) {
                counts[AtomicFiles.writeIfChanged(dir.resolve("practices").resolve(doc.getKey() + ".json"), doc.getValue()) ? 0 : 1]++;
            }
        }
        return counts;
    }

    private List<String> allIds(List<PracticeStore.Summary> all) {
        List<String> ids = new ArrayList<>(all.size());
        all.forEach(s -> ids.add(s.id()));
        ids.addAll(store.withdrawn().keySet());
        return ids;
    }

    private String index(List<PracticeStore.Summary> practices) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PracticeStore.Summary p : practices) {
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
        // this hub's identity, as its practices' provenance names it (hub): another hub reading this one knows its own by theirs
        idx.put("hub", store.hubId());
        idx.put("updated", practices.stream().map(PracticeStore.Summary::lastChanged).max(Comparator.naturalOrder()).orElse(Instant.EPOCH));
        idx.put("count", practices.size());
        idx.put("practices", rows);
        return Json.pretty(idx);
    }
}
