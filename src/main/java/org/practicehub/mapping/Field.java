package org.practicehub.mapping;

import java.util.Arrays;
import java.util.Optional;

/** The schema fields a mapping file can fill, by the name used in mapping files. */
public enum Field {
    RECORD_ID("recordId", false),
    LINK("link", false),
    TITLE("title", false),
    SUMMARY("summary", false),
    DESCRIPTION("description", false),
    PRACTICE_TYPES("practiceTypes", true),
    SCOPE_LEVEL("scopeLevel", false),
    COUNTRIES("countries", true),
    REGIONS("regions", true),
    PARTNERS("partners", true),
    DONORS("donors", true),
    GCM_OBJECTIVES("gcmObjectives", true),
    GCM_OBJECTIVES_SECONDARY("gcmObjectivesSecondary", true),
    GCM_GUIDING_PRINCIPLES("gcmGuidingPrinciples", true),
    SDGS("sdgs", true),
    MIGRATION_PHASES("migrationPhases", true),
    THEMES("themes", true),
    /** Free labels (feed categories, tags): each goes to the controlled list it matches. */
    KEYWORDS("keywords", true),
    IMPLEMENTATION_START("implementationStart", false),
    IMPLEMENTATION_END("implementationEnd", false),
    KEY_BENEFITS("keyBenefits", false),
    LESSONS_LEARNED("lessonsLearned", false),
    RECOMMENDATIONS("recommendations", false),
    INNOVATION("innovation", false),
    LINKS("links", true),
    LANGUAGE("language", false),
    PUBLISHED("published", false),
    UPDATED("updated", false);

    private final String key;
    private final boolean multi;

    Field(String key, boolean multi) {
        this.key = key;
        this.multi = multi;
    }

    public String key() {
        return key;
    }

    public boolean multi() {
        return multi;
    }

    public static Optional<Field> of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(Field::key).toList());
    }
}
