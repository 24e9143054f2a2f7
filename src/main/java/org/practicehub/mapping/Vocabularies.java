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
 * The controlled lists of the practice schema and the labels partners use for their entries.
 * Lookups go through {@link Text#fold}, so case, accents, punctuation and a leading "the" never matter.
 */
public final class Vocabularies {

    /** The 23 GCM objectives (A/RES/73/195), by number: full title and the short labels networks use. */
    public static final Map<Integer, String> GCM_TITLES = gcmTitles();
    public static final List<String> PHASES = List.of("pre-departure", "transit", "on-site", "return and reintegration");
    public static final List<String> THEMES = List.of("labour migration policy", "recruitment", "protection of migrant workers",
            "reintegration", "multi-stakeholder cooperation", "human trafficking", "diaspora engagement",
            "remittances and financial inclusion", "skills and training", "public narrative and media",
            "anti-discrimination and inclusion", "data and evidence", "consular services",
            "regional integration and labour mobility");
    public static final List<String> PRACTICE_TYPES = List.of("Project/Programme", "Partnership / Multistakeholder initiative",
            "Policy", "Legislation / Regulation", "Tool / Guidance", "Training / Capacity building");
    public static final List<String> GUIDING_PRINCIPLES = List.of("people-centred", "international cooperation",
            "national sovereignty", "rule of law and due process", "sustainable development", "human rights",
            "gender-responsive", "child-sensitive", "whole-of-government", "whole-of-society");
    public static final List<String> SCOPE_LEVELS = List.of("global", "regional", "national", "local");

    private static final Map<String, Integer> GCM = new HashMap<>();
    private static final Map<String, String> PHASE = new HashMap<>();
    private static final Map<String, String> THEME = new HashMap<>();
    private static final Map<String, String> TYPE = new HashMap<>();
    private static final Map<String, String> PRINCIPLE = new HashMap<>();
    private static final Map<String, String> LEVEL = new HashMap<>();
    private static final Map<String, String> COUNTRY = new HashMap<>();
    private static final Map<String, String[]> REGION = new HashMap<>();
    private static final Pattern GCM_NUMBER = Pattern.compile(
            "^(?:(?:gcm|global compact)\\s*)?(?:objective|objectives|objetivo|objectif|obj)?\\s*(?:no\\s*)?(\\d{1,2})(?:\\s.*)?$");
    private static final Pattern SDG = Pattern.compile(
            "^(?:sdgs?|sustainable development goals?|goal|ods|odd|objetivo|objectif)?\\s*(\\d{1,2})(?:\\s*[.]\\s*(\\d{1,2}|[a-c]))?(?:\\s.*)?$");

    static {
        GCM_TITLES.forEach((n, t) -> GCM.put(Text.fold(t), n));
        String[][] gcmShort = {
            {"1", "data", "collect and utilize accurate and disaggregated data"},
            {"2", "minimise adverse drivers", "minimize adverse drivers", "adverse drivers"},
            {"3", "information at all stages", "accurate and timely information"},
            {"4", "legal identity and documentation", "legal identity"},
            {"5", "regular pathways", "pathways for regular migration"},
            {"6", "fair and ethical recruitment", "fair and ethical recruitment decent work", "ethical recruitment", "decent work"},
            {"7", "reduce vulnerabilities", "vulnerabilities"},
            {"8", "save lives", "missing migrants", "save lives missing migrants"},
            {"9", "counter smuggling", "smuggling", "smuggling of migrants"},
            {"10", "eradicate trafficking", "trafficking in persons", "trafficking"},
            {"11", "integrated border management", "border management"},
            {"12", "certainty and predictability of procedures", "migration procedures"},
            {"13", "detention as last resort", "alternatives to detention", "detention as last resort alternatives"},
            {"14", "consular protection", "consular protection assistance and cooperation"},
            {"15", "access to basic services", "basic services"},
            {"16", "inclusion and social cohesion", "social cohesion"},
            {"17", "eliminate discrimination", "evidence based public discourse", "eliminate discrimination evidence based public discourse"},
            {"18", "skills development and recognition", "skills development", "mutual recognition of skills"},
            {"19", "migrants and diasporas contribute to development", "diaspora contributions", "contribute to sustainable development"},
            {"20", "remittances and financial inclusion", "remittances", "financial inclusion"},
            {"21", "safe return and sustainable reintegration", "return and reintegration", "safe and dignified return"},
            {"22", "portability of social security", "social security entitlements"},
            {"23", "international cooperation and partnerships", "international cooperation", "global partnerships"},
        };
        for (String[] row : gcmShort) {
            for (int i = 1; i < row.length; i++) {
                GCM.put(Text.fold(row[i]), Integer.parseInt(row[0]));
            }
        }
        put(PHASE, "pre-departure", "pre-departure", "pre departure", "predeparture", "pre-departure orientation",
                "pre-departure phase", "before departure", "pre-employment", "pre-migration", "predeparture orientation seminar");
        put(PHASE, "transit", "transit", "in transit", "transit phase");
        put(PHASE, "on-site", "on-site", "on site", "onsite", "on-site phase", "destination", "at destination",
                "in destination", "on-site (destination)", "employment abroad", "post-arrival");
        put(PHASE, "return and reintegration", "return and reintegration", "return", "reintegration", "return & reintegration",
                "reintegration phase", "return phase", "post-return", "retorno y reintegracion");
        for (String t : THEMES) {
            put(THEME, t, t);
        }
        put(THEME, "labour migration policy", "labour migration policies", "labor migration policy", "labor migration policies",
                "labour migration", "labor migration", "labour migration governance", "labor migration governance");
        put(THEME, "recruitment", "recruitment policy and practices", "recruitment practices", "fair recruitment",
                "ethical recruitment", "regulation of recruitment agencies");
        put(THEME, "protection of migrant workers", "migrant worker protection", "migrant protection", "protection of migrants",
                "rights of migrant workers");
        put(THEME, "reintegration", "reintegration of migrant workers", "return and reintegration programmes",
                "return and reintegration programs");
        put(THEME, "multi-stakeholder cooperation", "cooperation among multiple stakeholders", "multistakeholder cooperation",
                "multi stakeholder partnerships", "partnerships", "bilateral cooperation", "interstate cooperation");
        put(THEME, "human trafficking", "anti-trafficking", "trafficking in persons", "anti-human trafficking", "counter trafficking");
        put(THEME, "diaspora engagement", "diaspora", "diasporas", "diaspora and development");
        put(THEME, "remittances and financial inclusion", "remittances", "financial inclusion", "financial education");
        put(THEME, "skills and training", "skills", "training", "skills development", "capacity building", "education");
        put(THEME, "public narrative and media", "media", "public narrative", "migration narrative", "journalism");
        put(THEME, "anti-discrimination and inclusion", "anti-discrimination", "inclusion", "social inclusion",
                "xenophobia", "racism", "integration");
        put(THEME, "data and evidence", "data", "migration data", "statistics", "evidence");
        put(THEME, "consular services", "consular", "consular protection", "services for nationals abroad");
        put(THEME, "regional integration and labour mobility", "regional integration", "labour mobility", "labor mobility",
                "free movement");
        put(TYPE, "Project/Programme", "project/programme", "project", "programme", "program", "project/program", "projects and programmes");
        put(TYPE, "Partnership / Multistakeholder initiative", "partnership / multistakeholder initiative", "partnership",
                "multistakeholder initiative", "multi-stakeholder initiative", "partnership/multi-stakeholder initiative");
        put(TYPE, "Policy", "policy", "policies", "public policy");
        put(TYPE, "Legislation / Regulation", "legislation / regulation", "legislation", "regulation", "law");
        put(TYPE, "Tool / Guidance", "tool / guidance", "tool", "guidance", "toolkit", "guidelines", "handbook");
        put(TYPE, "Training / Capacity building", "training / capacity building", "training", "capacity building",
                "capacity-building", "course", "diploma", "seminar", "workshop");
        put(PRINCIPLE, "people-centred", "people-centred", "people centered", "people-centered");
        put(PRINCIPLE, "international cooperation", "international cooperation");
        put(PRINCIPLE, "national sovereignty", "national sovereignty");
        put(PRINCIPLE, "rule of law and due process", "rule of law and due process", "rule of law");
        put(PRINCIPLE, "sustainable development", "sustainable development");
        put(PRINCIPLE, "human rights", "human rights");
        put(PRINCIPLE, "gender-responsive", "gender-responsive", "gender responsive", "gender-sensitive");
        put(PRINCIPLE, "child-sensitive", "child-sensitive", "child sensitive");
        put(PRINCIPLE, "whole-of-government", "whole-of-government", "whole of government approach", "whole-of-government approach");
        put(PRINCIPLE, "whole-of-society", "whole-of-society", "whole of society approach", "whole-of-society approach");
        for (String l : SCOPE_LEVELS) {
            put(LEVEL, l, l);
        }
        put(LEVEL, "global", "international", "worldwide", "mundial");
        put(LEVEL, "regional", "multi-country", "sub-regional", "subregional", "regional/multi-country");
        put(LEVEL, "national", "country", "nacional");
        put(LEVEL, "local", "municipal", "provincial", "city", "subnational", "sub-national");
        countries();
        regions();
    }

    private Vocabularies() {}

    private static void put(Map<String, String> map, String value, String... labels) {
        for (String l : labels) {
            map.put(Text.fold(l), value);
        }
    }

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

    /** "8", "SDG 8", "Goal 8: Decent work", "8.8", "10.7" to "8", "8.8", "10.7". */
    public static Optional<String> sdg(String label) {
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

    /** ISO 3166-1 alpha-2 code of a country given by code (alpha-2 or alpha-3) or English, Spanish or French name. */
    public static Optional<String> country(String label) {
        return Optional.ofNullable(COUNTRY.get(Text.fold(label)));
    }

    /** UN M49 region by code or English name, as {code, name}. */
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
            for (Locale lang : List.of(Locale.ENGLISH, new Locale("es"), Locale.FRENCH)) {
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
        String[][] m49 = {
            {"001", "World"}, {"002", "Africa"}, {"015", "Northern Africa"}, {"202", "Sub-Saharan Africa"},
            {"014", "Eastern Africa"}, {"017", "Middle Africa"}, {"018", "Southern Africa"}, {"011", "Western Africa"},
            {"019", "Americas"}, {"419", "Latin America and the Caribbean"}, {"029", "Caribbean"},
            {"013", "Central America"}, {"005", "South America"}, {"021", "Northern America"},
            {"142", "Asia"}, {"143", "Central Asia"}, {"030", "Eastern Asia"}, {"035", "South-eastern Asia"},
            {"034", "Southern Asia"}, {"145", "Western Asia"}, {"150", "Europe"}, {"151", "Eastern Europe"},
            {"154", "Northern Europe"}, {"039", "Southern Europe"}, {"155", "Western Europe"}, {"009", "Oceania"},
            {"053", "Australia and New Zealand"}, {"054", "Melanesia"}, {"057", "Micronesia"}, {"061", "Polynesia"},
        };
        for (String[] r : m49) {
            REGION.put(Text.fold(r[0]), r);
            REGION.put(Text.fold(r[1]), r);
        }
        String[][] variants = {
            {"035", "southeast asia", "south east asia", "asean region"},
            {"419", "latin america", "america latina y el caribe", "lac"},
            {"005", "south american region", "sudamerica", "america del sur"},
            {"013", "mesoamerica", "centroamerica"},
            {"021", "north america"},
            {"002", "african continent"},
        };
        for (String[] row : variants) {
            String[] target = REGION.get(row[0]);
            for (int i = 1; i < row.length; i++) {
                REGION.put(Text.fold(row[i]), target);
            }
        }
    }

    private static Map<Integer, String> gcmTitles() {
        String[] t = {
            "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
            "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
            "Provide accurate and timely information at all stages of migration",
            "Ensure that all migrants have proof of legal identity and adequate documentation",
            "Enhance availability and flexibility of pathways for regular migration",
            "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
            "Address and reduce vulnerabilities in migration",
            "Save lives and establish coordinated international efforts on missing migrants",
            "Strengthen the transnational response to smuggling of migrants",
            "Prevent, combat and eradicate trafficking in persons in the context of international migration",
            "Manage borders in an integrated, secure and coordinated manner",
            "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral",
            "Use migration detention only as a measure of last resort and work towards alternatives",
            "Enhance consular protection, assistance and cooperation throughout the migration cycle",
            "Provide access to basic services for migrants",
            "Empower migrants and societies to realize full inclusion and social cohesion",
            "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration",
            "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
            "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
            "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
            "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
            "Establish mechanisms for the portability of social security entitlements and earned benefits",
            "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
        };
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            m.put(i + 1, t[i]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
