package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;
import org.practicehub.store.JudgedPair;

import static org.practicehub.web.ConsoleText.nz;

/** What the console's review page shows: each open pair's two records side by side, field by field, with the reasons. */
public final class ReviewViews {

    public record Side(String sourceId, String recordId, String network, String practiceId, String practiceTitle, List<String> practiceNetworks,
            String title, String organisations, String countries, String summary, String url) {}

    public record FieldRow(String label, String a, String b, boolean differs) {}

    public record Pair(long id, String score, String stage, Side a, Side b, List<FieldRow> fields, List<ReasonWords.Said> reasons) {}

    private final Console.Dependencies deps;

    ReviewViews(Console.Dependencies deps) {
        this.deps = deps;
    }

    /** The pairs waiting for a decision, best score first. */
    List<Pair> open() {
        List<Pair> pairs = new ArrayList<>();
        for (JudgedPair m : deps.store().dedup().pairs("review")) {
            Side a = side(m.a());
            Side b = side(m.b());
            List<FieldRow> fields = List.of(row("Title", a.title(), b.title()), row("Organisations", a.organisations(), b.organisations()),
                    row("Countries", a.countries(), b.countries()), row("Summary", a.summary(), b.summary()),
                    row("Network of the record", a.network(), b.network()),
                    row("Practice now shared by", String.join(", ", a.practiceNetworks()), String.join(", ", b.practiceNetworks())),
                    row("URL", a.url(), b.url()));
            pairs.add(new Pair(m.pairId(), String.format(Locale.ROOT, "%.2f", m.score()), m.stage(), a, b, fields, ReasonWords.of(m)));
        }
        return pairs;
    }

    private Side side(JudgedPair.Side m) {
        RecordKey k = new RecordKey(m.sourceId(), m.recordId());
        Practice r = deps.store().dedup().record(k).orElse(null);
        String practiceId = m.practiceId();
        List<String> networks = deps.store().get(practiceId).map(Practice::networks).orElse(List.of());
        String orgs = r == null || r.partners() == null ? "" : String.join(", ", r.partners().stream().map(Practice.Organisation::name)
                .filter(Objects::nonNull).toList());
        String countries = r == null || r.geographicScope() == null || r.geographicScope().countries() == null ? ""
                : String.join(", ", r.geographicScope().countries());
        return new Side(k.sourceId(), k.recordId(), m.network(), practiceId, m.practiceTitle(), networks,
                r == null ? "" : nz(r.title()), orgs, countries, r == null ? "" : nz(r.summary()), nz(m.url()));
    }

    private static FieldRow row(String label, String a, String b) {
        return new FieldRow(label, nz(a), nz(b), !nz(a).equals(nz(b)));
    }
}
