package org.practicehub.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.practicehub.store.Subscriptions;

import static org.practicehub.web.ConsoleText.first;
import static org.practicehub.web.ConsoleText.when;

/**
 * What the console's members page shows: how many members there are by status, the addresses waiting for the
 * facilitator's approval, and the members matching a search, each with status, frequency, language, bounces and last
 * digest; the same list as CSV.
 */
public final class MemberViews {

    /** Rows a page shows; the CSV export has them all. */
    static final int SHOWN = 500;
    static final Set<String> STATUSES = new java.util.LinkedHashSet<>(List.of("active", "pending", "waiting", "approval", "declined", "unsubscribed",
            "failing"));

    public record Row(String email, String status, String statusWords, String frequency, String language, int bounces, String lastDigest,
            String since, String confirmed, String recommendedBy) {}

    public record Search(String q, String status) {}

    public record Page(Search search, int total, Map<String, Integer> counts, int matching, List<Row> rows, List<Row> waiting) {}

    private final Console.Dependencies deps;

    MemberViews(Console.Dependencies deps) {
        this.deps = deps;
    }

    static Search search(Map<String, List<String>> q) {
        String text = first(q, "q");
        String status = first(q, "status");
        text = text == null ? "" : text.strip();
        if (text.length() > 254) {
            text = text.substring(0, 254);
        }
        return new Search(text, status != null && STATUSES.contains(status) ? status : "");
    }

    Page page(Search s) {
        Subscriptions subscriptions = deps.subscriptions();
        Map<String, Integer> counts = subscriptions.counts();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new Page(s, total, counts, subscriptions.count(s.q(), s.status()),
                subscriptions.list(s.q(), s.status(), SHOWN).stream().map(MemberViews::row).toList(),
                subscriptions.list("", "waiting", SHOWN).stream().map(MemberViews::row).toList());
    }

    private static Row row(Subscriptions.Listed m) {
        return new Row(m.email(), m.status(), words(m), m.frequency(), m.language(), m.bounces(), when(m.lastDigest()), when(m.createdAt()),
                when(m.confirmedAt()), m.recommended() ? (m.recommendedBy() == null ? "a member since removed" : m.recommendedBy()) : null);
    }

    /** The status as the facilitator reads it, approval included. */
    static String words(Subscriptions.Listed m) {
        return switch (m.status()) {
            case "pending" -> "waiting".equals(m.approval()) ? "not confirmed yet, waiting for approval"
                    : "approved".equals(m.approval()) ? "approved, not confirmed yet" : "not confirmed yet";
            case "approval" -> "confirmed, waiting for approval";
            case "active" -> "active";
            case "declined" -> "declined";
            case "unsubscribed" -> "unsubscribed";
            case "failing" -> "failing (mail bounces)";
            default -> m.status();
        };
    }

    /**
     * Every member matching the search as CSV (RFC 4180). A cell starting with = + - @ or a tab is prefixed with an
     * apostrophe, so that a spreadsheet opening the file never reads an address as a formula.
     */
    String csv(Search s) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("email", "status", "frequency", "language", "bounces",
                "last_digest", "since", "confirmed", "recommended_by").build())) {
            for (Subscriptions.Listed m : deps.subscriptions().list(s.q(), s.status(), Integer.MAX_VALUE)) {
                List<String> cells = new ArrayList<>();
                cells.add(m.email());
                cells.add(m.status());
                cells.add(m.frequency());
                cells.add(m.language());
                cells.add(String.valueOf(m.bounces()));
                cells.add(m.lastDigest() == null ? "" : m.lastDigest().toString());
                cells.add(m.createdAt() == null ? "" : m.createdAt().toString());
                cells.add(m.confirmedAt() == null ? "" : m.confirmedAt().toString());
                cells.add(m.recommended() ? (m.recommendedBy() == null ? "(removed member)" : m.recommendedBy()) : "");
                p.printRecord(cells.stream().map(MemberViews::cell).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String cell(String v) {
        return v != null && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    }
}
