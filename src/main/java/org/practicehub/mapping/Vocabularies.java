package org.practicehub.mapping;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controlled lists of the practice schema and the labels partners use for their entries, in English, Spanish and
 * French (and Portuguese where it is published), from {@code src/main/resources/vocabularies/*.yaml}: the schema keeps
 * the controlled value whatever the language of the label, and the record keeps its own language. Lookups go through
 * {@link Text#fold}, so case, accents, punctuation and a leading "the" never matter.
 */
public final class Vocabularies {

    private static final Map<String, Map<String, List<String>>> THEME_LABELS = load("themes.yaml");
    private static final Map<String, Map<String, List<String>>> PHASE_LABELS = load("phases.yaml");
    private static final Map<String, Map<String, List<String>>> TYPE_LABELS = load("practice-types.yaml");
    private static final Map<String, Map<String, List<String>>> PRINCIPLE_LABELS = load("guiding-principles.yaml");
    private static final Map<String, Map<String, List<String>>> LEVEL_LABELS = load("scope-levels.yaml");
    private static final Map<String, Map<String, List<String>>> GCM_LABELS = load("gcm-objectives.yaml");
    private static final Map<String, Map<String, List<String>>> SDG_LABELS = load("sdgs.yaml");
    private static final Map<String, Map<String, List<String>>> REGION_LABELS = load("regions.yaml");

    /** The 23 GCM objectives (A/RES/73/195), by number: the English title. */
    public static final Map<Integer, String> GCM_TITLES = gcmTitles();
    public static final List<String> PHASES = List.copyOf(PHASE_LABELS.keySet());
    public static final List<String> THEMES = List.copyOf(THEME_LABELS.keySet());
    public static final List<String> PRACTICE_TYPES = List.copyOf(TYPE_LABELS.keySet());
    public static final List<String> GUIDING_PRINCIPLES = List.copyOf(PRINCIPLE_LABELS.keySet());
    public static final List<String> SCOPE_LEVELS = List.copyOf(LEVEL_LABELS.keySet());

    private static final Map<String, Integer> GCM = new HashMap<>();
    private static final Map<String, String> SDG_NAME = new HashMap<>();
    private static final Map<String, String> PHASE = new HashMap<>();
    private static final Map<String, String> THEME = new HashMap<>();
    private static final Map<String, String> TYPE = new HashMap<>();
    private static final Map<String, String> PRINCIPLE = new HashMap<>();
    private static final Map<String, String> LEVEL = new HashMap<>();
    private static final Map<String, String> COUNTRY = new HashMap<>();
    private static final Map<String, String[]> REGION = new HashMap<>();
    private static final Pattern GCM_NUMBER = Pattern.compile(
            "^(?:(?:gcm|global compact|pmm|pacto mundial|pacte mondial)\\s*)?(?:objective|objectives|objetivo|objetivos|objectif|objectifs|obj)?"
            + "\\s*(?:no|num)?\\s*(\\d{1,2})(?:\\s.*)?$");
    private static final Pattern SDG = Pattern.compile(
            "^(?:sdgs?|sustainable development goals?|goal|ods|odd|objetivo|objectif)?\\s*(\\d{1,2})(?:\\s*[.]\\s*(\\d{1,2}|[a-c]))?(?:\\s.*)?$");

    static {
        labels(GCM_LABELS).forEach((label, n) -> GCM.put(label, Integer.parseInt(n)));
        SDG_NAME.putAll(labels(SDG_LABELS));
        PHASE.putAll(labels(PHASE_LABELS));
        THEME.putAll(labels(THEME_LABELS));
        TYPE.putAll(labels(TYPE_LABELS));
        PRINCIPLE.putAll(labels(PRINCIPLE_LABELS));
        LEVEL.putAll(labels(LEVEL_LABELS));
        countries();
        regions();
    }

    /** A vocabulary file: each controlled value with its labels by language, in the file's order. */
    private static Map<String, Map<String, List<String>>> load(String name) {
        try (java.io.InputStream in = Vocabularies.class.getResourceAsStream("/vocabularies/" + name)) {
            if (in == null) {
                throw new IllegalStateException("vocabulary " + name + " is missing from the classpath");
            }
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(in);
            Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
            root.fields().forEachRemaining(e -> {
                Map<String, List<String>> byLang = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(l -> {
                    List<String> labels = new java.util.ArrayList<>();
                    l.getValue().forEach(v -> labels.add(v.asText()));
                    byLang.put(l.getKey(), List.copyOf(labels));
                });
                out.put(e.getKey(), java.util.Collections.unmodifiableMap(byLang));
            });
            return java.util.Collections.unmodifiableMap(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read vocabulary " + name, e);
        }
    }

    /**
     * Folded label to controlled value, every language at once. A label written the same in two languages means the same
     * value in both (they are checked so in VocabulariesTest); the value itself is always one of its labels.
     */
    private static Map<String, String> labels(Map<String, Map<String, List<String>>> vocabulary) {
        Map<String, String> out = new HashMap<>();
        vocabulary.forEach((value, byLang) -> {
            // a goal's or objective's number is read as a number, where a bare one is too ambiguous to place
            if (!value.matches("\\d+")) {
                out.put(Text.fold(value), value);
            }
            byLang.values().forEach(labels -> labels.forEach(l -> out.put(Text.fold(l), value)));
        });
        return out;
    }

    /** The labels of each controlled value by language, as the vocabulary files give them: for the documentation and tests. */
    public static Map<String, Map<String, Map<String, List<String>>>> all() {
        Map<String, Map<String, Map<String, List<String>>>> m = new LinkedHashMap<>();
        m.put("themes", THEME_LABELS);
        m.put("migrationPhases", PHASE_LABELS);
        m.put("practiceTypes", TYPE_LABELS);
        m.put("regions", REGION_LABELS);
        m.put("gcmObjectives", GCM_LABELS);
        m.put("gcmGuidingPrinciples", PRINCIPLE_LABELS);
        m.put("sdgs", SDG_LABELS);
        m.put("scopeLevel", LEVEL_LABELS);
        return m;
    }

    private Vocabularies() {}

    public static Optional<Integer> gcmObjective(String label) {
        String f = Text.fold(label);
        Integer byLabel = GCM.get(f);
        if (byLabel != null) {
            return Optional.of(byLabel);
        }
        Matcher m = GCM_NUMBER.matcher(f);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= 23) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** A goal by its name in one of the vocabulary's languages ("Trabajo decente y crecimiento económico" to "8"). */
    public static Optional<String> sdgByName(String label) {
        return Optional.ofNullable(SDG_NAME.get(Text.fold(label)));
    }

    /** "8", "SDG 8", "Goal 8: Decent work", "8.8", "10.7", or a goal's name, to "8", "8.8", "10.7". */
    public static Optional<String> sdg(String label) {
        Optional<String> byName = sdgByName(label);
        if (byName.isPresent()) {
            return byName;
        }
        String raw = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        Matcher m = SDG.matcher(raw.replaceAll("[:,;()]", " ").replaceAll("\\s+", " ").trim());
        if (m.matches()) {
            int goal = Integer.parseInt(m.group(1));
            if (goal >= 1 && goal <= 17) {
                return Optional.of(m.group(2) == null ? String.valueOf(goal) : goal + "." + m.group(2));
            }
        }
        return Optional.empty();
    }

    public static Optional<String> phase(String label) {
        return Optional.ofNullable(PHASE.get(Text.fold(label)));
    }

    public static Optional<String> theme(String label) {
        return Optional.ofNullable(THEME.get(Text.fold(label)));
    }

    public static Optional<String> practiceType(String label) {
        return Optional.ofNullable(TYPE.get(Text.fold(label)));
    }

    public static Optional<String> guidingPrinciple(String label) {
        return Optional.ofNullable(PRINCIPLE.get(Text.fold(label)));
    }

    public static Optional<String> scopeLevel(String label) {
        return Optional.ofNullable(LEVEL.get(Text.fold(label)));
    }

    /** ISO 3166-1 alpha-2 code of a country given by code (alpha-2 or alpha-3) or English, Spanish, French or Portuguese name. */
    public static Optional<String> country(String label) {
        return Optional.ofNullable(COUNTRY.get(Text.fold(label)));
    }

    /**
     * The same for a label already folded as {@link Text#fold} folds it (lower-case ASCII letters and digits, single
     * spaces): the matcher looks up every word of every record, and folding each again was a tenth of its time.
     */
    public static String countryOfFolded(String folded) {
        return COUNTRY.get(folded.startsWith("the ") ? folded.substring(4) : folded);
    }

    /** UN M49 region by code or name (English, Spanish, French), as {code, English name}. */
    public static Optional<String[]> region(String label) {
        return Optional.ofNullable(REGION.get(Text.fold(label)));
    }

    private static void countries() {
        for (String code : Locale.getISOCountries()) {
            Locale loc = new Locale("", code);
            COUNTRY.put(Text.fold(code), code);
            try {
                COUNTRY.put(Text.fold(loc.getISO3Country()), code);
            } catch (java.util.MissingResourceException ignored) {
                // a few codes have no alpha-3 in the JDK's tables
            }
            for (Locale lang : List.of(Locale.ENGLISH, new Locale("es"), Locale.FRENCH, new Locale("pt"))) {
                COUNTRY.putIfAbsent(Text.fold(loc.getDisplayCountry(lang)), code);
            }
        }
        String[][] variants = {
            {"VN", "viet nam", "vietnam", "socialist republic of viet nam"},
            {"TR", "turkiye", "turkey", "republic of turkiye"},
            {"CI", "cote d'ivoire", "ivory coast"},
            {"KR", "republic of korea", "south korea", "korea, republic of", "korea (republic of)", "korea rep", "corea del sur"},
            {"KP", "democratic people's republic of korea", "north korea", "dprk"},
            {"US", "united states of america", "united states", "usa", "u.s.a.", "u.s.", "estados unidos de america"},
            {"GB", "united kingdom", "united kingdom of great britain and northern ireland", "uk", "great britain", "britain"},
            {"RU", "russian federation", "russia"},
            {"IR", "iran (islamic republic of)", "iran", "islamic republic of iran"},
            {"SY", "syrian arab republic", "syria"},
            {"LA", "lao people's democratic republic", "laos", "lao pdr"},
            {"BO", "bolivia (plurinational state of)", "bolivia"},
            {"VE", "venezuela (bolivarian republic of)", "venezuela"},
            {"TZ", "united republic of tanzania", "tanzania"},
            {"MD", "republic of moldova", "moldova"},
            {"CZ", "czechia", "czech republic"},
            {"CD", "democratic republic of the congo", "dr congo", "drc", "congo (democratic republic)"},
            {"CG", "republic of the congo", "congo", "congo-brazzaville"},
            {"MK", "north macedonia", "republic of north macedonia"},
            {"SZ", "eswatini", "swaziland"},
            {"MM", "myanmar", "burma"},
            {"CV", "cabo verde", "cape verde"},
            {"PS", "state of palestine", "palestine"},
            {"FM", "micronesia (federated states of)", "micronesia"},
            {"DO", "dominican republic", "republica dominicana"},
            {"HK", "hong kong", "hong kong sar", "china, hong kong sar"},
            {"MO", "macao", "macau"},
            {"TW", "taiwan", "taiwan, province of china"},
            {"BN", "brunei darussalam", "brunei"},
            {"TL", "timor-leste", "east timor"},
            {"NL", "netherlands", "the netherlands", "kingdom of the netherlands"},
            {"PH", "philippines", "the philippines", "filipinas"},
            {"MX", "mexico", "méxico"},
        };
        for (String[] row : variants) {
            for (int i = 1; i < row.length; i++) {
                COUNTRY.put(Text.fold(row[i]), row[0]);
            }
        }
    }

    private static void regions() {
        REGION_LABELS.forEach((code, byLang) -> {
            String[] r = {code, byLang.get("en").get(0)};
            REGION.put(Text.fold(code), r);
            byLang.values().forEach(labels -> labels.forEach(l -> REGION.put(Text.fold(l), r)));
        });
    }

    private static Map<Integer, String> gcmTitles() {
        Map<Integer, String> m = new LinkedHashMap<>();
        GCM_LABELS.forEach((n, byLang) -> m.put(Integer.parseInt(n), byLang.get("en").get(0)));
        return java.util.Collections.unmodifiableMap(m);
    }
}
