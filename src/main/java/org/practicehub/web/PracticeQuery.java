package org.practicehub.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.practicehub.mapping.M49;
import org.practicehub.mapping.Text;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.publish.depository.PracticeIndex.Entry;

/**
 * The filters of the read API and the feeds, from a query string. Several values of one filter
 * (repeated or comma-separated) are alternatives; different filters must all hold. Labels are
 * understood as the mappings understand them ("Viet Nam", "Objective 6", "Pre-Departure").
 */
public record PracticeQuery(List<String> words, Set<String> themes, Set<String> countries, Set<String> regions, Set<String> phases,
        Set<Integer> gcm, List<String> sdgs, Set<String> networks, Instant since, int limit, Cursor after, String canonical, String text) {

    public static final int DEFAULT_LIMIT = 20;
    /** The longest search a member or client may send, in characters and in words: longer is refused, saying so. */
    public static final int MAX_QUERY_CHARS = 500;
    public static final int MAX_QUERY_WORDS = 32;
    public static final int MAX_LIMIT = 100;
    static final Set<String> KNOWN = Set.of("q", "theme", "country", "region", "phase", "gcmObjective", "sdg", "network", "since", "limit", "cursor");

    /**
     * Where the previous page ended, in the stable order, and the page size it was asked with (0: not said), so that a
     * next link needs no {@code limit} of its own.
     */
    public record Cursor(Instant firstSeen, String id, int limit) {
        public Cursor(Instant firstSeen, String id) {
            this(firstSeen, id, 0);
        }

        String encode() {
            // the id last: ids have no '|', and a cursor from before page sizes were carried ("millis|id") still reads
            return Base64.getUrlEncoder().withoutPadding().encodeToString((firstSeen.toEpochMilli() + "|" + (limit > 0 ? limit + "|" : "") + id)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String s) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\\|", 3);
                if (parts.length == 3) {
                    int limit = Integer.parseInt(parts[1]);
                    if (limit < 1 || limit > MAX_LIMIT) {
                        throw bad("cursor is not one this API gave out");
                    }
                    return new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[2], limit);
                }
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1]);
            } catch (RuntimeException e) {
                throw bad("cursor is not one this API gave out");
            }
        }
    }

    public static PracticeQuery parse(String rawQuery) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isBlank()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!KNOWN.contains(k)) {
                    throw bad("unknown parameter '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
                }
                for (String part : k.equals("q") ? List.of(v) : List.of(v.split(","))) {
                    if (!part.isBlank()) {
                        p.computeIfAbsent(k, x -> new ArrayList<>()).add(part.trim());
                    }
                }
            }
        }
        String text = p.containsKey("q") ? String.join(" ", p.get("q")) : "";
        if (text.length() > MAX_QUERY_CHARS) {
            throw bad("a search is at most " + MAX_QUERY_CHARS + " characters long (this one has " + text.length() + ")");
        }
        List<String> words = p.containsKey("q") ? List.of(Text.fold(text).split(" ")) : List.of();
        words = words.stream().filter(w -> !w.isBlank()).toList();
        if (words.size() > MAX_QUERY_WORDS) {
            throw bad("a search is at most " + MAX_QUERY_WORDS + " words long (this one has " + words.size() + ")");
        }
        Instant since = null;
        if (p.containsKey("since")) {
            try {
                since = Instant.parse(p.get("since").get(0));
            } catch (DateTimeParseException e) {
                throw bad("since must be an RFC 3339 instant such as 2026-01-31T00:00:00Z");
            }
        }
        Cursor after = p.containsKey("cursor") ? Cursor.decode(p.get("cursor").get(0)) : null;
        // the page size: said in the request, else carried by the cursor, else the default
        int limit = after != null && after.limit() > 0 ? after.limit() : DEFAULT_LIMIT;
        if (p.containsKey("limit")) {
            try {
                limit = Integer.parseInt(p.get("limit").get(0));
            } catch (NumberFormatException e) {
                throw bad("limit must be a whole number");
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw bad("limit must be between 1 and " + MAX_LIMIT);
            }
        }
        List<String> sdgs = new ArrayList<>();
        for (String s : p.getOrDefault("sdg", List.of())) {
            sdgs.add(Vocabularies.sdg(s).orElseThrow(() -> bad("sdg '" + s + "' is not an SDG goal or target")));
        }
        // the canonical form of the filters (no cursor, no page size): what the next link and the ETag are made of
        StringBuilder canonical = new StringBuilder();
        p.forEach((k, v) -> {
            if (!k.equals("cursor") && !k.equals("limit")) {
                canonical.append(canonical.length() == 0 ? "" : "&").append(k).append('=')
                        .append(java.net.URLEncoder.encode(String.join(",", v), StandardCharsets.UTF_8));
            }
        });
        return new PracticeQuery(words, vocab(p, "theme", Vocabularies::theme), vocab(p, "country", Vocabularies::country),
                vocab(p, "region", PracticeQuery::region), vocab(p, "phase", Vocabularies::phase),
                vocab(p, "gcmObjective", Vocabularies::gcmObjective), sdgs,
                Set.copyOf(p.getOrDefault("network", List.of()).stream().map(String::toLowerCase).toList()), since, limit, after,
                canonical.toString(), text);
    }

    /** A region by M49 code or name, or the practices whose region is unknown ("unknown", "Unknown region"). */
    private static Optional<String> region(String v) {
        String f = Text.fold(v);
        if (f.equals(M49.UNKNOWN) || f.equals(Text.fold(M49.UNKNOWN_LABEL))) {
            return Optional.of(M49.UNKNOWN);
        }
        return Vocabularies.region(v).map(r -> r[0]);
    }

    private static <T> Set<T> vocab(Map<String, List<String>> p, String key, Function<String, Optional<T>> lookup) {
        Set<T> out = new java.util.HashSet<>();
        for (String v : p.getOrDefault(key, List.of())) {
            out.add(lookup.apply(v).orElseThrow(() -> bad(key + " '" + v + "' matches nothing in the controlled list")));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("the query string is not valid URL encoding");
        }
    }

    static HttpProblem bad(String detail) {
        return new HttpProblem(400, "Bad Request", detail);
    }

    /** The positions matching every filter and, when there are words, each position's relevance (null without words). */
    public record Ranked(java.util.BitSet positions, float[] scores) {}

    /** The positions of the snapshot that match every filter: facets by bitset, then words and since on what is left. */
    public java.util.BitSet select(org.practicehub.publish.depository.PracticeIndex.Snapshot s) {
        return rank(s).positions();
    }

    /**
     * The matching positions with their relevance. Words go to the snapshot's full-text index (stemmed, folded, in the
     * three languages, themes, phases, places and organisations included); a snapshot without one (a digest run's) or
     * whose index was replaced under this query matches each word against the start of the text's words, as before.
     */
    public Ranked rank(org.practicehub.publish.depository.PracticeIndex.Snapshot s) {
        float[] scores = null;
        java.util.BitSet text = null;
        if (!words.isEmpty() && s.search() != null) {
            org.practicehub.publish.search.SearchIndex.Hits h = s.search().match(this.text, s.entries().size());
            if (h != null) {
                text = h.positions();
                scores = h.scores();
            }
        }
        java.util.BitSet b = facets(s);
        if (text != null) {
            b.and(text);
        }
        boolean byWords = text == null && !words.isEmpty();
        if (since != null || byWords) {
            for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                Entry e = s.entries().get(i);
                if ((since != null && !e.lastChanged().isAfter(since)) || (byWords && !words.stream().allMatch(w -> e.text().contains(" " + w)))) {
                    b.clear(i);
                }
            }
        }
        return new Ranked(b, scores);
    }

    private java.util.BitSet facets(org.practicehub.publish.depository.PracticeIndex.Snapshot s) {
        java.util.BitSet b = s.any(org.practicehub.publish.depository.PracticeIndex.Facet.THEME, themes);
        b.and(s.any(org.practicehub.publish.depository.PracticeIndex.Facet.COUNTRY, countries));
        b.and(s.any(org.practicehub.publish.depository.PracticeIndex.Facet.REGION, regions));
        b.and(s.any(org.practicehub.publish.depository.PracticeIndex.Facet.PHASE, phases));
        b.and(s.any(org.practicehub.publish.depository.PracticeIndex.Facet.GCM, gcm));
        b.and(s.any(org.practicehub.publish.depository.PracticeIndex.Facet.SDG, sdgs));
        b.and(s.any(org.practicehub.publish.depository.PracticeIndex.Facet.NETWORK, networks));
        return b;
    }

    /** Whether a practice matches every filter given (the cursor and limit aside). */
    public Predicate<Entry> filter() {
        return e -> (themes.isEmpty() || intersects(themes, e.themes()))
                && (countries.isEmpty() || intersects(countries, e.countries()))
                && (regions.isEmpty() || intersects(regions, e.regions()))
                && (phases.isEmpty() || intersects(phases, e.phases()))
                && (gcm.isEmpty() || intersects(gcm, e.gcm()))
                && (sdgs.isEmpty() || sdgs.stream().anyMatch(s -> e.sdgs().stream().anyMatch(x -> x.equals(s) || x.startsWith(s + "."))))
                && (networks.isEmpty() || e.networks().stream().anyMatch(n -> networks.contains(n.toLowerCase())))
                && (since == null || e.lastChanged().isAfter(since))
                && words.stream().allMatch(w -> e.text().contains(" " + w));
    }

    private static <T> boolean intersects(Set<T> wanted, Set<T> have) {
        for (T t : wanted) {
            if (have.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
