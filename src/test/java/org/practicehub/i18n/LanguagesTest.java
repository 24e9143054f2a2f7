package org.practicehub.i18n;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which language a page or a mail is in, and the bundles behind them. */
class LanguagesTest {

    @Test
    void anyTagComesToOneOfTheHubsLanguages() {
        assertThat(Languages.of("es")).isEqualTo("es");
        assertThat(Languages.of("es-MX")).isEqualTo("es");
        assertThat(Languages.of("FR_ca")).isEqualTo("fr");
        // stored before the form offered only what exists, or never checked: English
        assertThat(Languages.of("pt")).isEqualTo("en");
        assertThat(Languages.of("ar")).isEqualTo("en");
        assertThat(Languages.of(null)).isEqualTo("en");
        assertThat(Languages.of("")).isEqualTo("en");
        // a value that would make a header of its own never leaves as anything but a fixed tag
        assertThat(Languages.of("es\r\nBcc: victim@example.org")).isEqualTo("en");
        assertThat(Languages.of("fr\nX-Evil: 1")).isEqualTo("en");
        assertThat(Languages.spoken("pt-BR")).isFalse();
        assertThat(Languages.spoken("es-419")).isTrue();
    }

    @Test
    void aPageTakesLangThenTheCookieThenAcceptLanguage() {
        assertThat(Languages.pick("theme=recruitment&lang=fr", "hub-lang=es", "es")).isEqualTo(new Languages.Pick("fr", true));
        assertThat(Languages.pick("theme=recruitment", "other=1; hub-lang=es", "fr")).isEqualTo(new Languages.Pick("es", false));
        assertThat(Languages.pick(null, null, "pt-BR, fr;q=0.8, en;q=0.5")).isEqualTo(new Languages.Pick("fr", false));
        assertThat(Languages.pick(null, null, "es;q=0, fr;q=0.1")).isEqualTo(new Languages.Pick("fr", false));
        // unknown or malformed: the next source, in the end English
        assertThat(Languages.pick("lang=xx", "hub-lang=\r\nSet-Cookie: a=b", "de")).isEqualTo(new Languages.Pick("en", false));
        assertThat(Languages.pick("lang=", null, ";;;q=x,,")).isEqualTo(Languages.Pick.DEFAULT);
        assertThat(Languages.pick(null, null, "x".repeat(600))).isEqualTo(Languages.Pick.DEFAULT);
    }

    @Test
    void theLanguageIsNotAFilter() {
        assertThat(Languages.withoutLang("lang=es&theme=recruitment&q=lang%3Des")).isEqualTo("theme=recruitment&q=lang%3Des");
        assertThat(Languages.withoutLang("lang=es")).isEmpty();
        assertThat(Languages.withoutLang("theme=a")).isEqualTo("theme=a");
    }

    @Test
    void everyLanguageHasEveryKeyAndNoAsciiApostrophe() {
        Messages m = Messages.member();
        Set<String> en = new HashSet<>(m.keys("en"));
        assertThat(en).contains("inbox.title", "digest.footer", "mail.confirm.body");
        for (String lang : List.of("es", "fr")) {
            assertThat(new HashSet<>(m.keys(lang))).as(lang).isEqualTo(en);
        }
        for (String lang : Languages.SUPPORTED) {
            for (String key : m.keys(lang)) {
                if (key.startsWith("digest.template.")) {
                    // the digest template's own placeholders, read as they are (never through MessageFormat)
                    assertThat(m.raw(lang, key)).contains("{count}");
                    continue;
                }
                // MessageFormat reads ' as a quote: the bundles write ’ (or '') instead
                assertThat(m.raw(lang, key).replace("''", "")).as(lang + " " + key).doesNotContain("'");
                assertThat(m.get(lang, key, 1, "x", "y")).as(lang + " " + key).doesNotContain("??");
            }
        }
    }

    @Test
    void messagesFallBackToEnglishAndFormatTheLanguagesWay() {
        Messages m = Messages.member();
        assertThat(m.get("pt", "inbox.title")).isEqualTo("Check your inbox");
        assertThat(m.get("es", "inbox.title")).isEqualTo("Revise su bandeja de entrada");
        assertThat(m.get("fr", "results.word", 2)).isEqualTo("pratiques");
        assertThat(m.get("fr", "results.word", 0)).isEqualTo("pratique");
        assertThat(m.get("en", "no.such.key")).isEqualTo("??no.such.key??");
        // a basename with no file (another feature's, not there yet) is skipped, and one with a key only in English
        // serves that key in every language
        Messages extra = new Messages(List.of("messages/member", "messages/none-yet"));
        assertThat(extra.get("fr", "nav.subscribe")).isEqualTo("S’abonner");
        assertThat(new Messages(List.of("messages/none-yet")).keys("en")).isEmpty();
    }
}
