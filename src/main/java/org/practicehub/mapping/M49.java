package org.practicehub.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Regions derived from countries by UN M49 ({@code vocabularies/m49-countries.yaml}): a country's region, sub-region and
 * intermediate region. A practice's regions are what the partner wrote plus what its countries lie in, so a facet counts
 * Mexico in Latin America and the Caribbean whether or not the record said so. A practice none of whose countries is in
 * M49 (or with no country and no region) is in {@link #UNKNOWN}: counted and shown, never dropped.
 */
public final class M49 {

    /** The region value of a practice whose place M49 cannot tell. */
    public static final String UNKNOWN = "unknown";
    public static final String UNKNOWN_LABEL = "Unknown region";

    /** The three levels of M49 below the world, most general first. */
    public enum Level { REGION, SUB_REGION, INTERMEDIATE }

    /** A country's codes: region, sub-region, intermediate region (null when M49 has none). */
    public record Place(String region, String subRegion, String intermediate) {}

    private static final Map<String, Place> BY_COUNTRY = load();
    private static final Map<String, Level> LEVELS = levels();

    private M49() {}

    private static Map<String, Place> load() {
        try (java.io.InputStream in = M49.class.getResourceAsStream("/vocabularies/m49-countries.yaml")) {
            if (in == null) {
                throw new IllegalStateException("vocabularies/m49-countries.yaml is missing from the classpath");
            }
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(in);
            Map<String, Place> out = new HashMap<>();
            root.fields().forEachRemaining(e -> {
                String[] codes = e.getKey().trim().split("\\s+");
                Place p = new Place(codes[0], codes[1], codes.length > 2 ? codes[2] : null);
                e.getValue().forEach(c -> {
                    if (out.put(c.asText().toUpperCase(Locale.ROOT), p) != null) {
                        throw new IllegalStateException("m49-countries.yaml places " + c.asText() + " twice");
                    }
                });
            });
            return Map.copyOf(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read vocabularies/m49-countries.yaml", e);
        }
    }

    private static Map<String, Level> levels() {
        Map<String, Level> m = new HashMap<>();
        for (Place p : BY_COUNTRY.values()) {
            m.put(p.region(), Level.REGION);
            m.put(p.subRegion(), Level.SUB_REGION);
            if (p.intermediate() != null) {
                m.put(p.intermediate(), Level.INTERMEDIATE);
            }
        }
        return Map.copyOf(m);
    }

    /** Where M49 places a country (ISO 3166-1 alpha-2), if it does. */
    public static Optional<Place> of(String country) {
        return country == null ? Optional.empty() : Optional.ofNullable(BY_COUNTRY.get(country.toUpperCase(Locale.ROOT)));
    }

    /** The level of a region code; empty for the world and codes outside the table. */
    public static Optional<Level> level(String code) {
        return Optional.ofNullable(LEVELS.get(code));
    }

    /** A region code's sub-region (itself for a sub-region, its parent for an intermediate region); empty for a region or unknown code. */
    public static Optional<String> subRegionOf(String code) {
        for (Place p : BY_COUNTRY.values()) {
            if (code.equals(p.subRegion()) || code.equals(p.intermediate())) {
                return Optional.of(p.subRegion());
            }
        }
        return Optional.empty();
    }

    /**
     * A practice's regions: those given, then every level its countries lie in, without repeats; {@link #UNKNOWN} alone
     * when there is neither a given region nor a country M49 places.
     */
    public static List<String> regions(Collection<String> countries, Collection<String> given) {
        Set<String> out = new LinkedHashSet<>();
        if (given != null) {
            given.stream().filter(r -> r != null && !r.isBlank()).forEach(out::add);
        }
        if (countries != null) {
            for (String c : countries) {
                of(c).ifPresent(p -> {
                    out.add(p.region());
                    out.add(p.subRegion());
                    if (p.intermediate() != null) {
                        out.add(p.intermediate());
                    }
                });
            }
        }
        if (out.isEmpty()) {
            out.add(UNKNOWN);
        }
        return new ArrayList<>(out);
    }

    /**
     * A practice's sub-regions (the matrix's rows): from its countries and the regions given (a region given at a wider level,
     * "Asia", is a row of its own); {@link #UNKNOWN} when none.
     */
    public static List<String> subRegions(Collection<String> countries, Collection<String> given) {
        Set<String> out = new LinkedHashSet<>();
        if (countries != null) {
            countries.forEach(c -> of(c).ifPresent(p -> out.add(p.subRegion())));
        }
        if (given != null) {
            given.forEach(r -> {
                if (r != null && !r.isBlank()) {
                    // a sub-region or intermediate region goes to its sub-region; a region or the world stays a row of its own
                    out.add(subRegionOf(r).orElse(r));
                }
            });
        }
        if (out.isEmpty()) {
            out.add(UNKNOWN);
        }
        return new ArrayList<>(out);
    }

    /**
     * The rows a practice of these regions (given and derived, {@link #regions}) falls in at the sub-region level: its
     * sub-regions (an intermediate region counts in its own); failing those, the wider regions it has; failing all,
     * {@link #UNKNOWN}.
     */
    public static List<String> rows(Collection<String> regions) {
        Set<String> subs = new LinkedHashSet<>();
        Set<String> wider = new LinkedHashSet<>();
        for (String r : regions) {
            Level l = LEVELS.get(r);
            if (l == Level.SUB_REGION || l == Level.INTERMEDIATE) {
                subRegionOf(r).ifPresent(subs::add);
            } else if (!UNKNOWN.equals(r) && r != null) {
                wider.add(r);
            }
        }
        if (!subs.isEmpty()) {
            return new ArrayList<>(subs);
        }
        return wider.isEmpty() ? List.of(UNKNOWN) : new ArrayList<>(wider);
    }

    /** A region's English name ("Unknown region" for {@link #UNKNOWN}). */
    public static String label(String code) {
        if (UNKNOWN.equals(code)) {
            return UNKNOWN_LABEL;
        }
        return Vocabularies.region(code).map(r -> r[1]).orElse(code);
    }

    /** A region's names in every language the vocabulary has (for search), the code's own English name first. */
    public static List<String> names(String code) {
        Map<String, List<String>> byLang = Vocabularies.all().get("regions").get(code);
        List<String> out = new ArrayList<>();
        if (byLang != null) {
            byLang.values().forEach(out::addAll);
        }
        return out;
    }
}
