package org.practicehub.publish.depository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Depository.class);

    private final PracticeStore store;
    private final Path dir;
    private final String publicUrl;
    private final String title;
    private final int feedEntries;
    private final String publisher;
    private final PublishHealth health = new PublishHealth();

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

    /**
     * Brings the folder in step with the store; returns how many files were written and left as they were, how many
     * characters had to be replaced ({@code charactersReplaced}) and the practices left out with the reason
     * ({@code skipped}), when there were any. A practice that cannot be written is left out, named, and tried again
     * by the next publish: it never stops the others. A failure of the folder or the store still fails the publish.
     */
    public synchronized Map<String, Object> publish() {
        Problems problems = new Problems();
        try {
            Map<String, Object> counts = publish(problems);
            health.publishDone(problems.skipped());
            return counts;
        } catch (RuntimeException e) {
            health.publishFailed(Problems.reason(e));
            throw e;
        }
    }

    /** How the last publishes went: what readiness reports. */
    public PublishHealth health() {
        return health;
    }

    private Map<String, Object> publish(Problems problems) {
        long head = store.lastEventSeq();
        long done = store.publishedUpTo(publisher);
        boolean whole = done == 0 || !Files.exists(dir.resolve("index.json"));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("practices", store.count());
        Set<String> retry = health.skipped().keySet();
        if (!whole && head == done && retry.isEmpty()) {
            counts.put("changed", 0);
            counts.put("filesWritten", 0);
            counts.put("filesUnchanged", 0);
            return counts;
        }
        // read once: the whole folder's ids and the index both come from it (each read scans every practice row)
        List<PracticeStore.Summary> all = store.summaries();
        List<String> changed = whole ? allIds(all) : store.changedSince(done);
        if (!whole && !retry.isEmpty()) {
            // left out by an earlier publish: tried again until written
            Set<String> ids = new LinkedHashSet<>(changed);
            ids.addAll(retry);
            changed = new ArrayList<>(ids);
        }
        // two halves at once, one on a thread of its own: reading the documents and writing the files is a single
        // core's work otherwise, and a first publish after a large ingest writes thousands
        int half = changed.size() < 1000 ? changed.size() : changed.size() / 2;
        Half second = new Half(changed.subList(half, changed.size()), problems);
        Thread helper = new Thread(second, "depository-writer");
        if (half < changed.size()) {
            helper.start();
        }
        int[] first;
        try {
            first = writeDocs(changed.subList(0, half), problems);
        } finally {
            // the other half ends before this publish does, whichever way: a later publish must not meet its writes
            joinUninterruptibly(helper);
        }
        if (second.failure != null) {
            throw second.failure;
        }
        int written = first[0] + second.counts[0];
        int same = first[1] + second.counts[1];
        List<Practice> recent = store.newest(feedEntries, (id, why) -> problems.skip(id, "stored document unreadable: " + why));
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("index.json", index(all, problems));
        shared.put("feed.atom", Feeds.atom(recent, title, publicUrl, problems));
        shared.put("feed.json", Feeds.jsonFeed(recent, title, publicUrl, problems));
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
        if (problems.replaced() > 0) {
            counts.put("charactersReplaced", problems.replaced());
        }
        if (!problems.skipped().isEmpty()) {
            counts.put("skipped", new TreeMap<>(problems.skipped()));
            problems.skipped().forEach((id, why) -> LOG.warn("depository: practice {} left out of this publish: {}", id, why));
        }
        return counts;
    }

    /** The half of a publish written on the helper thread: its counts, or what stopped it. */
    private final class Half implements Runnable {
        final List<String> ids;
        final Problems problems;
        int[] counts = new int[2];
        RuntimeException failure;

        Half(List<String> ids, Problems problems) {
            this.ids = ids;
            this.problems = problems;
        }

        @Override
        public void run() {
            try {
                counts = writeDocs(ids, problems);
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

    /**
     * Writes these practices' files, a chunk at a time; returns how many were written and how many left as they were.
     * A document that cannot be made safe is left out and named; a file that cannot be written fails the publish (the
     * folder is at fault, not the practice).
     */
    private int[] writeDocs(List<String> ids, Problems problems) {
        int[] counts = new int[2];
        // a chunk at a time: a whole store's documents at once would set the heap the hub needs
        for (int from = 0; from < ids.size(); from += 500) {
            for (Map.Entry<String, String> doc : store.depositoryDocs(ids.subList(from, Math.min(ids.size(), from + 500))).entrySet()) {
                Json.Cleaned safe;
                try {
                    safe = Json.clean(doc.getValue());
                } catch (RuntimeException e) {
                    problems.skip(doc.getKey(), "stored document unreadable: " + Problems.reason(e));
                    continue;
                }
                problems.replaced(safe.replaced());
                counts[AtomicFiles.writeIfChanged(dir.resolve("practices").resolve(doc.getKey() + ".json"), safe.json()) ? 0 : 1]++;
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

    private String index(List<PracticeStore.Summary> practices, Problems problems) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PracticeStore.Summary p : practices) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", p.id());
            r.put("title", problems.text(p.title()));
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
