package org.practicehub.publish.digest;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A community-update digest as the facilitator defines it (a file in the digests folder, docs/digests.md).
 *
 * @param network  the network the digest speaks for, named in the footer and the List-Id
 * @param cron     Quartz cron expression, read in {@code timeZone}
 * @param audience who receives each edition
 * @param grouping how a message groups its practices
 */
public record DigestDef(String id, String title, String network, String cron, ZoneId timeZone, Audience audience, Grouping grouping,
        Template template) {

    /**
     * @param frequencies members whose subscription has one of these frequencies get their own filtered message
     * @param addresses   fixed addresses (a mailing list, the facilitator) that get the network-wide edition, unfiltered
     */
    public record Audience(List<String> frequencies, List<String> addresses) {}

    public enum Grouping { NONE, THEME, PHASE, OBJECTIVE }

    /**
     * The words of a message. Placeholders: {title}, {network}, {count}, {practices} ("practice" or "practices"),
     * {date}. {@code translations} holds the same by language tag ("es", "fr"), used for members of that language.
     */
    public record Template(String subject, String intro, Map<String, Template> translations) {

        public static final Template DEFAULT = new Template("{title}: {count} new {practices}",
                "{count} {practices} new or updated in the shared depository since your last update.", Map.of());

        /** The template for a member's language: an exact translation, then the primary language, then this one. */
        public Template forLanguage(String language) {
            if (language == null || translations == null || translations.isEmpty()) {
                return this;
            }
            Template t = translations.get(language);
            if (t == null && language.contains("-")) {
                t = translations.get(language.substring(0, language.indexOf('-')));
            }
            return t == null ? this : new Template(t.subject() == null ? subject : t.subject(), t.intro() == null ? intro : t.intro(), Map.of());
        }
    }
}
