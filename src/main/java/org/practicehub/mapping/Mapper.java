package org.practicehub.mapping;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Organisation;
import org.practicehub.source.FieldSpec;
import org.practicehub.source.RawRecord;
import org.practicehub.source.SourceDef;

/**
 * Maps one partner record onto the practice schema: reads each field from its path, applies the
 * source's own label map, then the controlled vocabularies. A value that matches nothing is kept
 * under {@code unmapped}, by field, so that a facilitator can extend the mapping; nothing is dropped.
 */
public class Mapper {

    /** What a feed gives without any field mapping; a mapping file's {@code fields} override these. */
    public static final Map<String, FieldSpec> FEED_DEFAULTS = feedDefaults();
    /** What an OAI-PMH record in oai_dc gives without any field mapping. */
    public static final Map<String, FieldSpec> OAI_DEFAULTS = oaiDefaults();
    /** Another hub's practices are already in the schema: every field from where the schema puts it. */
    public static final Map<String, FieldSpec> HUB_DEFAULTS = hubDefaults();
    /** The JSONPath of a hub record's provenance, read into {@link Mapped#origins}. */
    static final String HUB_ORIGINS = "$.sources[*]";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final int MAX_SUMMARY = 600;
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern ORG = Pattern.compile("^(.*?)\\s*\\(([^()]+)\\)\\s*(.*)$");
    private static final Pattern ACRONYM = Pattern.compile("^[\\p{Lu}][\\p{L}\\d&.-]{1,14}$");
    private static final Pattern NUMERIC = Pattern.compile("^\\d+(\\.\\d+)?$");
    private static final Pattern SDG_LABEL = Pattern.compile("(?i)^\\s*(sdg|sustainable development goal|ods|odd|objetivo de desarrollo sostenible|objectif de développement durable|objetivo de desenvolvimento sustentável)s?\\b.*");
    private static final Map<String, String> LANGUAGES = languages();

    private static Map<String, FieldSpec> feedDefaults() {
        Map<String, FieldSpec> m = new LinkedHashMap<>();
        m.put("recordId", FieldSpec.of("id"));
        m.put("link", FieldSpec.of("link"));
        m.put("title", FieldSpec.of("title"));
        m.put("summary", FieldSpec.of("summary"));
        m.put("description", FieldSpec.of("content"));
        m.put("keywords", FieldSpec.of("categories"));
        m.put("partners", FieldSpec.of("authors"));
        m.put("published", FieldSpec.of("published"));
        m.put("updated", FieldSpec.of("updated"));
        m.put("language", FieldSpec.of("dc:language"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, FieldSpec> hubDefaults() {
        Map<String, FieldSpec> m = new LinkedHashMap<>();
        m.put("recordId", FieldSpec.of("$.id"));
        m.put("title", FieldSpec.of("$.title"));
        m.put("summary", FieldSpec.of("$.summary"));
        m.put("description", FieldSpec.of("$.description.html"));
        m.put("link", FieldSpec.of("$.links[?(@.rel == 'website')].url"));
        m.put("links", FieldSpec.of("$.links[?(@.rel != 'website')].url"));
        m.put("practiceTypes", FieldSpec.of("$.practiceTypes[*]"));
        m.put("scopeLevel", FieldSpec.of("$.geographicScope.level"));
        m.put("countries", FieldSpec.of("$.geographicScope.countries[*]"));
        m.put("regions", FieldSpec.of("$.geographicScope.regions[*].code"));
        m.put("partners", FieldSpec.of("$.partners[*].name"));
        m.put("donors", FieldSpec.of("$.donors[*].name"));
        m.put("gcmObjectives", FieldSpec.of("$.gcmObjectives.primary[*]"));
        m.put("gcmObjectivesSecondary", FieldSpec.of("$.gcmObjectives.secondary[*]"));
        m.put("gcmGuidingPrinciples", FieldSpec.of("$.gcmGuidingPrinciples[*]"));
        m.put("sdgs", FieldSpec.of("$.sdgs[*]"));
        m.put("migrationPhases", FieldSpec.of("$.migrationPhases[*]"));
        m.put("themes", FieldSpec.of("$.themes[*]"));
        m.put("implementationStart", FieldSpec.of("$.implementation.start"));
        m.put("implementationEnd", FieldSpec.of("$.implementation.end"));
        m.put("keyBenefits", FieldSpec.of("$.keyBenefits"));
        m.put("lessonsLearned", FieldSpec.of("$.lessonsLearned"));
        m.put("recommendations", FieldSpec.of("$.recommendations"));
        m.put("innovation", FieldSpec.of("$.innovation"));
        m.put("language", FieldSpec.of("$.language"));
        m.put("published", FieldSpec.of("$.firstSeen"));
        m.put("updated", FieldSpec.of("$.lastChanged"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, FieldSpec> oaiDefaults() {
        Map<String, FieldSpec> m = new LinkedHashMap<>();
        m.put("recordId", FieldSpec.of("identifier"));
        m.put("link", FieldSpec.of("dc:identifier"));
        m.put("title", FieldSpec.of("dc:title"));
        m.put("summary", FieldSpec.of("dc:description"));
        m.put("description", FieldSpec.of("dc:description"));
        m.put("keywords", FieldSpec.of("dc:subject"));
        m.put("countries", FieldSpec.of("dc:coverage"));
        m.put("partners", FieldSpec.of("dc:creator"));
        m.put("language", FieldSpec.of("dc:language"));
        m.put("published", FieldSpec.of("dc:date"));
        m.put("updated", FieldSpec.of("datestamp"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, FieldSpec> specs(SourceDef source) {
        Map<String, FieldSpec> specs = new LinkedHashMap<>();
        if (source.kind().isFeed()) {
            specs.putAll(FEED_DEFAULTS);
        } else if (source.kind() == org.practicehub.source.Kind.OAI_PMH) {
            specs.putAll(OAI_DEFAULTS);
        } else if (source.kind() == org.practicehub.source.Kind.HUB) {
            specs.putAll(HUB_DEFAULTS);
        }
        specs.putAll(source.fields());
        return specs;
    }

    /**
     * The record's id as its mapping reads it (the {@code recordId} path, else its first web link), for a record that
     * was rejected: the facilitator finds it at the partner by the id the hub would have stored. Null when the record
     * gives none or cannot be read at all.
     */
    public static String recordId(RawRecord record, SourceDef source) {
        if (record == null || source == null || record.defect() != null) {
            return null;
        }
        try {
            Run r = new Run(record, source, specs(source));
            String link = r.values("link").stream().map(Mapper::httpUrl).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            String id = r.first("recordId").orElse(link);
            return id == null || id.isBlank() ? null : Text.oneLine(id);
        } catch (RuntimeException e) {
            // a record so broken that its paths cannot be read: it is shown without an id, its payload says the rest
            return null;
        }
    }

    public Mapped map(RawRecord record, SourceDef source) {
        if (record.defect() != null) {
            throw new RejectedRecordException(record.defect());
        }
        Map<String, FieldSpec> specs = specs(source);
        Run r = new Run(record, source, specs);

        // the first value that is a web address: dc:identifier often lists a DOI or a handle first
        String link = r.values("link").stream().map(Mapper::httpUrl).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        String recordId = r.first("recordId").orElse(link);
        String title = r.first("title").map(Text::plain).orElse(null);
        String descriptionRaw = r.first("description").orElse(null);
        String summaryRaw = r.first("summary").orElse(null);
        if (source.kind().isFeed() && descriptionRaw == null) {
            descriptionRaw = summaryRaw;
        }
        Text.Forms desc = Text.forms(descriptionRaw);
        String summaryPlain = summaryRaw == null || summaryRaw.equals(descriptionRaw) ? desc.plain() : Text.plain(summaryRaw);
        String summary = Text.shorten(summaryPlain, MAX_SUMMARY);
        Practice.Description description = descriptionRaw == null ? null : new Practice.Description(desc.paragraphs(), desc.html());

        Set<String> types = new LinkedHashSet<>(r.controlled("practiceTypes", Vocabularies::practiceType));
        Set<String> countries = new LinkedHashSet<>(r.controlled("countries", Vocabularies::country));
        Map<String, Practice.Region> regions = new LinkedHashMap<>();
        r.controlled("regions", Vocabularies::region).forEach(rg -> regions.put(rg[0], new Practice.Region(rg[0], rg[1])));
        Set<Integer> gcm = new LinkedHashSet<>(r.controlled("gcmObjectives", Vocabularies::gcmObjective));
        Set<Integer> gcm2 = new LinkedHashSet<>(r.controlled("gcmObjectivesSecondary", Vocabularies::gcmObjective));
        Set<String> principles = new LinkedHashSet<>(r.controlled("gcmGuidingPrinciples", Vocabularies::guidingPrinciple));
        Set<String> sdgs = new LinkedHashSet<>(r.controlled("sdgs", Vocabularies::sdg));
        Set<String> phases = new LinkedHashSet<>(r.controlled("migrationPhases", Vocabularies::phase));
        Set<String> themes = new LinkedHashSet<>(r.controlled("themes", Vocabularies::theme));
        for (String k : r.values("keywords")) {
            classify(k, r, themes, phases, gcm, countries, regions, types, principles, sdgs);
        }
        gcm2.removeAll(gcm);

        String level = r.first("scopeLevel").flatMap(v -> r.lookup("scopeLevel", v, Vocabularies::scopeLevel)).orElse(null);
        if (level == null && (!countries.isEmpty() || !regions.isEmpty())) {
            level = countries.size() == 1 && regions.isEmpty() ? "national" : "regional";
        }
        Practice.GeographicScope scope = level == null && countries.isEmpty() && regions.isEmpty() ? null
                : new Practice.GeographicScope(level, List.copyOf(countries), List.copyOf(regions.values()));

        String startText = r.first("implementationStart").orElse(null);
        String start = Dates.implementationDate(startText).orElse(null);
        if (startText != null && start == null) {
            r.unmapped("implementationStart", startText);
        }
        String end = r.first("implementationEnd").map(v -> Dates.implementationDate(v).orElseGet(() -> {
            r.unmapped("implementationEnd", v);
            return null;
        })).orElse(startText == null || r.has("implementationEnd") ? null : Dates.periodEnd(startText).orElse(null));
        Practice.Implementation impl = start == null && end == null ? null : new Practice.Implementation(start, end);

        List<Practice.Link> links = new ArrayList<>();
        if (link != null) {
            links.add(new Practice.Link(link, "website"));
        }
        for (String l : r.values("links")) {
            String u = httpUrl(l);
            if (u == null) {
                r.unmapped("links", l);
            } else if (links.stream().noneMatch(x -> x.url().equals(u))) {
                links.add(new Practice.Link(u, links.isEmpty() ? "website" : "related"));
            }
        }

        String language = r.first("language").map(v -> language(v).orElseGet(() -> {
            r.unmapped("language", v);
            return null;
        })).orElse(null);
        if (language == null && source.language() != null) {
            language = source.language();
        }
        // a date the hub cannot read is kept as the partner wrote it and counted, like any value that matched nothing
        Instant published = r.date("published");
        Instant updated = r.date("updated");

        Practice p = new Practice(Practice.SCHEMA_VERSION, null, title, summary, description, List.copyOf(types), scope,
                organisations(r.values("partners")), organisations(r.values("donors")),
                gcm.isEmpty() && gcm2.isEmpty() ? null : new Practice.GcmObjectives(sorted(gcm), sorted(gcm2)),
                List.copyOf(principles), List.copyOf(sdgs), ordered(phases, Vocabularies.PHASES), List.copyOf(themes), impl,
                r.text("keyBenefits"), r.text("lessonsLearned"), r.text("recommendations"), r.text("innovation"),
                links, language, List.of(), r.unmapped.isEmpty() ? null : new TreeMap<>(r.unmapped), null, null);
        List<Mapped.Origin> origins = source.kind() == org.practicehub.source.Kind.HUB ? origins(record, source, r) : List.of();
        return new Mapped(recordId == null ? null : Text.oneLine(recordId), link, published, updated, p, origins, r.unmatched(), r.replaced);
    }

    /**
     * Where each network record behind another hub's practice started. A record that hub read itself is
     * known by that hub and its own source and record ids; one it had from a third hub keeps the key it
     * arrived with, so a record has one identity however many hubs it passes through.
     */
    private static List<Mapped.Origin> origins(RawRecord record, SourceDef source, Run r) {
        List<Mapped.Origin> out = new ArrayList<>();
        for (String raw : record.values(HUB_ORIGINS)) {
            String entry = r.safe(raw);
            com.fasterxml.jackson.databind.JsonNode n;
            try {
                n = JSON.readTree(entry);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new RejectedRecordException("a provenance entry is not JSON: " + Text.shorten(entry, 80));
            }
            String network = n.path("network").asText("");
            String sourceId = n.path("sourceId").asText("");
            String recordId = n.path("recordId").asText("");
            if (network.isBlank() || recordId.isBlank()) {
                throw new RejectedRecordException("a provenance entry lacks its network or record id");
            }
            // a publisher that does not stamp its hub is known by its address
            String hub = n.hasNonNull("hub") ? n.get("hub").asText() : originOf(source.url());
            String key = n.hasNonNull("via") ? recordId : hub + "#" + sourceId + "/" + recordId;
            out.add(new Mapped.Origin(hub, Text.oneLine(network), Text.oneLine(key), httpUrl(n.path("url").asText(null)),
                    n.hasNonNull("published") ? Dates.instant(n.get("published").asText()).orElse(null) : null,
                    n.hasNonNull("updated") ? Dates.instant(n.get("updated").asText()).orElse(null) : null));
        }
        if (out.isEmpty()) {
            throw new RejectedRecordException("a practice from another hub without provenance (no sources)");
        }
        return out;
    }

    private static String originOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** A free label goes to the first controlled list it belongs to; bare numbers are too ambiguous to place. */
    private static void classify(String k, Run r, Set<String> themes, Set<String> phases, Set<Integer> gcm, Set<String> countries,
            Map<String, Practice.Region> regions, Set<String> types, Set<String> principles, Set<String> sdgs) {
        String label = r.relabel("keywords", k);
        Optional<String> v;
        if ((v = Vocabularies.theme(label)).isPresent()) {
            themes.add(v.get());
        } else if ((v = Vocabularies.phase(label)).isPresent()) {
            phases.add(v.get());
        } else if (SDG_LABEL.matcher(label).matches() && (v = Vocabularies.sdg(label)).isPresent()) {
            sdgs.add(v.get());
        } else if ((v = Vocabularies.sdgByName(label)).isPresent()) {
            sdgs.add(v.get());
        } else if (!NUMERIC.matcher(label.trim()).matches() && Vocabularies.gcmObjective(label).isPresent()) {
            gcm.add(Vocabularies.gcmObjective(label).get());
        } else if ((v = Vocabularies.country(label)).isPresent()) {
            countries.add(v.get());
        } else if (Vocabularies.region(label).isPresent()) {
            String[] rg = Vocabularies.region(label).get();
            regions.put(rg[0], new Practice.Region(rg[0], rg[1]));
        } else if ((v = Vocabularies.practiceType(label)).isPresent()) {
            types.add(v.get());
        } else if ((v = Vocabularies.guidingPrinciple(label)).isPresent()) {
            principles.add(v.get());
        } else {
            r.unmapped("keywords", k);
        }
    }

    private static List<Integer> sorted(Set<Integer> s) {
        return s.stream().sorted().toList();
    }

    private static List<String> ordered(Set<String> values, List<String> order) {
        return order.stream().filter(values::contains).toList();
    }

    /** "Regional Conference on Migration (RCM), crmst@iom.int" to name, acronym and contact. */
    static List<Organisation> organisations(List<String> raw) {
        Map<String, Organisation> out = new LinkedHashMap<>();
        for (String s : raw) {
            String text = Text.plain(s);
            if (text == null) {
                continue;
            }
            String contact = null;
            Matcher em = EMAIL.matcher(text);
            if (em.find()) {
                contact = em.group();
                text = (text.substring(0, em.start()) + text.substring(em.end())).replaceAll("[,;:\\s-]+$", "").trim();
            }
            String name = text;
            String acronym = null;
            Matcher m = ORG.matcher(text);
            if (m.matches()) {
                String inner = m.group(2).trim();
                String first = inner.split("\\s+")[0];
                if (ACRONYM.matcher(first).matches() && first.chars().filter(Character::isUpperCase).count() >= 2) {
                    acronym = first;
                    name = (m.group(1) + " " + m.group(3)).trim();
                }
            }
            name = name.replaceAll("[,;:\\s]+$", "").trim();
            if (!name.isEmpty()) {
                out.putIfAbsent(Text.fold(name), new Organisation(name, acronym, contact));
            }
        }
        return List.copyOf(out.values());
    }

    /** An absolute http(s) URL with the host in lower case and no fragment, or null. */
    static String httpUrl(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            URI u = new URI(raw.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null) {
                return null;
            }
            return new URI(scheme, u.getRawUserInfo() == null ? null : u.getUserInfo(), u.getHost().toLowerCase(Locale.ROOT),
                    u.getPort(), u.getPath(), u.getQuery(), null).toASCIIString();
        } catch (Exception e) {
            return null;
        }
    }

    static Optional<String> language(String v) {
        String f = Text.fold(v);
        if (LANGUAGES.containsKey(f)) {
            return Optional.of(LANGUAGES.get(f));
        }
        Locale l = Locale.forLanguageTag(v.trim().replace('_', '-'));
        if (!l.getLanguage().isEmpty() && Set.of(Locale.getISOLanguages()).contains(l.getLanguage())) {
            return Optional.of(l.toLanguageTag());
        }
        return Optional.empty();
    }

    private static Map<String, String> languages() {
        Map<String, String> m = new java.util.HashMap<>();
        for (String code : Locale.getISOLanguages()) {
            Locale l = new Locale(code);
            for (Locale in : List.of(Locale.ENGLISH, new Locale("es"), Locale.FRENCH, l)) {
                String name = Text.fold(l.getDisplayLanguage(in));
                if (!name.isEmpty()) {
                    m.putIfAbsent(name, code);
                }
            }
        }
        return m;
    }

    /** One record's mapping: field lookups, the source's label maps, and what stayed unmapped. */
    private static final class Run {
        final RawRecord record;
        final SourceDef source;
        final Map<String, FieldSpec> specs;
        final Map<String, List<String>> unmapped = new LinkedHashMap<>();
        final Map<String, List<String>> raw = new java.util.HashMap<>();
        int replaced;

        Run(RawRecord record, SourceDef source, Map<String, FieldSpec> specs) {
            this.record = record;
            this.source = source;
            this.specs = specs;
        }

        boolean has(String field) {
            return specs.containsKey(field) && !values(field).isEmpty();
        }

        /** The field's values as the record gives them (before defaults), read once per record. */
        List<String> raw(String field) {
            return raw.computeIfAbsent(field, f -> {
                FieldSpec spec = specs.get(f);
                if (spec == null) {
                    return List.of();
                }
                List<String> got = spec.isTemplate() ? Templates.fill(spec.path(), record::values)
                        : spec.included() != null ? record.related(spec.path(), spec.included()) : record.values(spec.path());
                List<String> out = new ArrayList<>(got.size());
                got.forEach(v -> out.add(safe(v)));
                return out;
            });
        }

        /** The value with the characters XML and JSON cannot carry replaced, and counted: made safe once, where it enters. */
        String safe(String v) {
            if (Chars.safe(v)) {
                return v;
            }
            replaced += Chars.count(v);
            return Chars.replace(v);
        }

        /** The mapping file's own fields whose paths found nothing in this record. */
        List<String> unmatched() {
            List<String> out = new ArrayList<>();
            source.fields().forEach((field, spec) -> {
                if (raw(field).isEmpty()) {
                    out.add("fields." + field + " (" + spec.path() + ")");
                }
            });
            return out;
        }

        Instant date(String field) {
            Optional<String> text = first(field);
            if (text.isEmpty()) {
                return null;
            }
            Optional<Instant> at = Dates.instant(text.get());
            if (at.isEmpty()) {
                unmapped(field, text.get());
            }
            return at.orElse(null);
        }

        List<String> values(String field) {
            FieldSpec spec = specs.get(field);
            List<String> out = new ArrayList<>();
            if (spec != null) {
                for (String v : raw(field)) {
                    if (spec.split() != null) {
                        for (String part : v.split(Pattern.quote(spec.split()))) {
                            if (!part.isBlank()) {
                                out.add(part.trim());
                            }
                        }
                    } else if (!v.isBlank()) {
                        out.add(v.trim());
                    }
                }
            }
            if (out.isEmpty()) {
                out.addAll(source.defaults().getOrDefault(field, List.of()));
            }
            return out;
        }

        Optional<String> first(String field) {
            List<String> v = values(field);
            return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        String text(String field) {
            return first(field).map(Text::plainKeepingParagraphs).orElse(null);
        }

        /** The source's own label map first: "Pre-Departure Orientation" to "pre-departure". */
        String relabel(String field, String value) {
            Map<String, String> labels = source.values().get(field);
            if (labels != null) {
                String mapped = labels.get(Text.fold(value));
                if (mapped != null) {
                    return mapped;
                }
            }
            return value;
        }

        <T> Optional<T> lookup(String field, String value, Function<String, Optional<T>> vocabulary) {
            Optional<T> found = vocabulary.apply(relabel(field, value));
            if (found.isEmpty()) {
                unmapped(field, value);
            }
            return found;
        }

        <T> List<T> controlled(String field, Function<String, Optional<T>> vocabulary) {
            List<T> out = new ArrayList<>();
            for (String v : values(field)) {
                lookup(field, v, vocabulary).ifPresent(out::add);
            }
            return out;
        }

        void unmapped(String field, String value) {
            List<String> l = unmapped.computeIfAbsent(field, k -> new ArrayList<>());
            String v = Text.oneLine(value);
            if (!l.contains(v)) {
                l.add(v);
            }
        }
    }
}
