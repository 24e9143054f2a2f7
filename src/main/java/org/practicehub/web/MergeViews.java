package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;
import org.practicehub.store.JudgedPair;

import static org.practicehub.web.ConsoleText.nz;
import static org.practicehub.web.ConsoleText.when;

/**
 * What the console shows to undo a merge: the recent automatic merges (on the dashboard), and a practice with its
 * records and the merged pairs that hold them together (the practice page, where a record is separated).
 */
public final class MergeViews {

    /** How many automatic merges the dashboard lists. */
    static final int RECENT = 20;

    /** One record of a merged pair: its own title (not the practice's), its network; gone: deleted by its source since. */
    public record Side(String key, String network, String title, String practiceId, boolean gone) {}

    /**
     * A merged pair: when and by whom, the score, both records, the reasons in words, and the practice holding them.
     *
     * @param by "the matcher" or "the facilitator"
     */
    public record Merge(long pairId, String score, String decided, String by, Side a, Side b, List<ReasonWords.Said> reasons, String practiceId) {}

    /** One record of a practice, as the practice page lists it. */
    public record RecordRow(String key, String sourceId, String recordId, String network, String title, String url, String firstSeen) {}

    /** A practice, its live records and why they are together. {@code withdrawn}: no network carries it any more. */
    public record PracticeView(String id, String title, List<String> networks, String firstSeen, String lastChanged, boolean withdrawn,
            List<RecordRow> records, List<Merge> merges) {

        /** Separating needs a record to leave and one to stay. */
        public boolean separable() {
            return records.size() > 1;
        }
    }

    private final Console.Dependencies deps;

    MergeViews(Console.Dependencies deps) {
        this.deps = deps;
    }

    /** The matcher's most recent merges, newest first. */
    List<Merge> recent() {
        return deps.store().dedup().recentMerges(RECENT).stream().map(this::merge).toList();
    }

    /** The practice with this id; empty when there is none (a merged id is the caller's to follow first). */
    Optional<PracticeView> practice(String id) {
        Optional<Practice> found = deps.store().get(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Practice p = found.get();
        if (deps.store().isWithdrawn(id)) {
            return Optional.of(new PracticeView(id, nz(p.title()), p.networks(), when(p.firstSeen()), when(p.lastChanged()), true, List.of(), List.of()));
        }
        List<RecordRow> rows = new ArrayList<>();
        for (Practice.Provenance s : p.sources() == null ? List.<Practice.Provenance>of() : p.sources()) {
            RecordKey k = new RecordKey(s.sourceId(), s.recordId());
            rows.add(new RecordRow(k.toString(), s.sourceId(), s.recordId(), s.network(), title(k), s.url(), when(s.firstSeen())));
        }
        List<Merge> merges = deps.store().dedup().mergedIn(id).stream().map(this::merge).toList();
        return Optional.of(new PracticeView(id, nz(p.title()), p.networks(), when(p.firstSeen()), when(p.lastChanged()), false, rows, merges));
    }

    private Merge merge(JudgedPair p) {
        Side a = side(p.a());
        Side b = side(p.b());
        String practice = p.a() != null ? p.a().practiceId() : p.b() != null ? p.b().practiceId() : null;
        return new Merge(p.pairId(), String.format(Locale.ROOT, "%.2f", p.score()), when(p.decidedAt()),
                "facilitator".equals(p.decidedBy()) ? "the facilitator" : "the matcher", a, b, ReasonWords.of(p), practice);
    }

    private Side side(JudgedPair.Side s) {
        if (s == null) {
            return new Side("", "", "(a record its source has deleted since)", null, true);
        }
        RecordKey k = new RecordKey(s.sourceId(), s.recordId());
        return new Side(k.toString(), s.network(), title(k), s.practiceId(), false);
    }

    /** A record's own title, as its source last sent it. */
    private String title(RecordKey k) {
        return deps.store().dedup().record(k).map(Practice::title).map(ConsoleText::nz).orElse("");
    }
}
