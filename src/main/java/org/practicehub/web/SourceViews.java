package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.practicehub.web.ConsoleText.n;
import static org.practicehub.web.ConsoleText.when;

/**
 * What the console's source pages show: each source's health, warnings and last counts, the values a source's records give
 * that the hub could not use, a source's rejected records.
 */
public final class SourceViews {

    public record SourceRow(String id, String network, String kind, String url, boolean active, String status, String lastPoll, String lastSuccess,
            String lastError, int failures, String nextPoll, String schedule, int read, int created, int updated, int unchanged, int rejected,
            boolean failing, List<String> warnings, String notes) {}

    /** One value a source's records give that the hub could not use, with how many records give it. */
    public record ValueRow(String value, int records) {}

    /** The values of one field that the hub could not use. */
    public record FieldValues(String field, List<ValueRow> values) {}

    public record Rejected(String recordId, String reason, String payload, String lastSeen, int timesSeen) {}

    private final Console.Dependencies deps;

    SourceViews(Console.Dependencies deps) {
        this.deps = deps;
    }

    /** Every declared source, as GET /api/sources answers it. */
    List<SourceRow> rows() {
        List<SourceRow> out = new ArrayList<>();
        for (Map<String, Object> m : deps.api().sourceList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) m.get("lastCounts");
            String status = String.valueOf(m.get("status"));
            int failures = ((Number) m.get("consecutiveFailures")).intValue();
            boolean active = Boolean.TRUE.equals(m.get("active")) && Boolean.TRUE.equals(m.get("enabled"));
            out.add(new SourceRow((String) m.get("id"), (String) m.get("network"), (String) m.get("kind"), (String) m.get("url"), active, status,
                    when(m.get("lastPoll")), when(m.get("lastSuccess")), (String) m.get("lastError"), failures,
                    m.get("nextPoll") == null ? (active ? "—" : "not polled (inactive)") : when(m.get("nextPoll")), (String) m.get("schedule"),
                    n(c, "read"), n(c, "new"), n(c, "updated"), n(c, "unchanged"), n(c, "rejected"), "error".equals(status) || failures > 0,
                    warnings(m.get("warnings")), (String) m.get("notes")));
        }
        return out;
    }

    private static List<String> warnings(Object w) {
        List<String> out = new ArrayList<>();
        if (w instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    /** Per field, the values the source's stored records give that the hub could not use, as GET /api/sources/{id} lists them. */
    List<FieldValues> unmapped(String sourceId) {
        List<FieldValues> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, List<org.practicehub.store.SourceValues.Count>> byField =
                (Map<String, List<org.practicehub.store.SourceValues.Count>>) deps.api().sourceDetail(sourceId).get("unmapped");
        byField.forEach((field, counts) -> out.add(new FieldValues(field, counts.stream().map(c -> new ValueRow(c.value(), c.records())).toList())));
        return out;
    }

    /** After a poll now: how it went, from the source's row; null when no known source was polled. */
    static String pollNotice(List<SourceRow> rows, String polled) {
        return rows.stream().filter(r -> r.id().equals(polled)).findFirst()
                .map(r -> "Polled " + r.id() + " now: " + (r.failing() ? "it failed (" + r.lastError() + ")."
                        : "read " + r.read() + ", new " + r.created() + ", updated " + r.updated() + ", unchanged " + r.unchanged() + ", rejected "
                                + r.rejected() + "."))
                .orElse(null);
    }

    List<Rejected> rejected(String sourceId) {
        return deps.store().rejected(sourceId).stream().map(r -> new Rejected(r.recordId(), r.reason(), Payloads.pretty(r.payload()), when(r.lastSeen()), r.timesSeen())).toList();
    }
}
