package org.practicehub.publish;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.model.Practice;
import org.practicehub.publish.digest.DigestDef;
import org.practicehub.publish.digest.DigestRenderer;
import org.practicehub.publish.subscription.Mails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A French member's messages at unit level: the confirmation and the digest in French with Content-Language fr, a
 * practice in another language marked with its own lang, and a stored language the hub does not write in (or one
 * carrying a line break) giving English, labelled en, and never a header of its own.
 */
class FrenchMailsTest {

    @TempDir
    Path outbox;

    static final DigestDef DIGEST = new DigestDef("cu", "Community Updates", "AP-MagNet", "0 0 8 ? * MON", ZoneOffset.UTC,
            new DigestDef.Audience(List.of("weekly"), List.of()), DigestDef.Grouping.THEME, DigestDef.Template.DEFAULT);

    private static Practice practice(String id, String title, String language, List<String> countries) {
        return new Practice(1, id, title, "Un résumé.", null, null, new Practice.GeographicScope("national", countries, List.of()), null, null,
                new Practice.GcmObjectives(List.of(6), List.of()), null, null, List.of("return"), List.of("reintegration"), null, null, null, null, null,
                null, language, List.of(new Practice.Provenance("AP-MagNet", "apmagnet", "r1", null, null, null, null, null, null, null, null)), null,
                SubscriptionPartsTest.NOW, SubscriptionPartsTest.NOW);
    }

    @Test
    void theConfirmationIsInTheMembersLanguage() throws Exception {
        Mails mails = new Mails("Hub <hub@example.org>", null, "Practice Hub", outbox, Clock.systemUTC());
        MimeMessage fr = mails.confirmation("claire@example.org", "https://hub.example.org/api/subscriptions/confirm?token=t", Duration.ofHours(48), "fr");
        assertThat(fr.getHeader("Content-Language")).containsExactly("fr");
        assertThat(fr.getSubject()).isEqualTo("Practice Hub : confirmez votre abonnement");
        assertThat((String) fr.getContent()).contains("Pour confirmer, ouvrez ce lien dans les 48 heures", "confirm?token=t");
        MimeMessage es = mails.alreadySubscribed("lucia@example.org", "https://hub.example.org/api/subscriptions/manage?token=m", "es-MX");
        assertThat(es.getHeader("Content-Language")).containsExactly("es");
        assertThat((String) es.getContent()).contains("Ya está suscrita");
        // a language stored before (pt), or a value with a line break in it: English, and nothing more in the headers
        for (String stored : List.of("pt", "fr\r\nBcc: victim@example.org")) {
            MimeMessage m = mails.confirmation("x@example.org", "https://hub.example.org/c?token=t", Duration.ofHours(24), stored);
            assertThat(m.getHeader("Content-Language")).containsExactly("en");
            assertThat(m.getHeader("Bcc")).isNull();
            assertThat((String) m.getContent()).contains("To confirm, open this link within 24 hours");
        }
    }

    @Test
    void aFrenchDigestIsFrenchThroughout() {
        DigestRenderer r = new DigestRenderer("https://hub.example.org", 1);
        DigestRenderer.Letter l = new DigestRenderer.Letter(DIGEST, "fr", "2026-03-02", List.of(
                new DigestRenderer.Item(practice("ph-1", "Retour au pays", "fr", List.of("DE")), true),
                new DigestRenderer.Item(practice("ph-2", "Reintegración sostenible", "es", List.of("MX")), false)),
                "https://hub.example.org/api/subscriptions/manage?token=m", "https://hub.example.org/api/subscriptions/unsubscribe?token=u");
        assertThat(DigestRenderer.lang(l)).isEqualTo("fr");
        assertThat(r.subject(l)).isEqualTo("Community Updates : 2 pratiques nouvelles ou mises à jour");
        String text = r.text(l);
        assertThat(text).contains("RÉINTÉGRATION", "Retour au pays (mise à jour)", "Partagée par: AP-MagNet", "Pays: Allemagne",
                "Objectifs du PMM: 6", "https://hub.example.org/practices/ph-1", "...et 1 de plus dans le dépôt partagé: https://hub.example.org/practices",
                "Practice Hub, pour AP-MagNet", "Se désabonner: https://hub.example.org/api/subscriptions/unsubscribe?token=u")
                .doesNotContain("Shared by", "Unsubscribe", "/api/practices/", "feeds/practices.atom");
        String html = r.html(l);
        assertThat(html).startsWith("<!DOCTYPE html><html lang=\"fr\"").contains("Changer vos thèmes ou la fréquence", "(mise à jour)");
        // a Spanish practice in a French letter keeps its own language
        DigestRenderer all = new DigestRenderer("https://hub.example.org", 10);
        assertThat(all.html(l)).contains("href=\"https://hub.example.org/practices/ph-2\" lang=\"es\">Reintegración sostenible</a>")
                .contains("href=\"https://hub.example.org/practices/ph-1\">Retour au pays</a>");
    }

    @Test
    void aLanguageTheHubDoesNotWriteInGivesEnglishAndTheFacilitatorsTranslationWins() {
        DigestRenderer r = new DigestRenderer("https://hub.example.org", 10);
        List<DigestRenderer.Item> items = List.of(new DigestRenderer.Item(practice("ph-1", "Return", "en", List.of("PH")), false));
        for (String stored : List.of("pt", "ar", "es\r\nBcc: victim@example.org")) {
            DigestRenderer.Letter l = new DigestRenderer.Letter(DIGEST, stored, "2026-03-02", items, null, null);
            assertThat(DigestRenderer.lang(l)).isEqualTo("en");
            assertThat(r.subject(l)).isEqualTo("Community Updates: 1 new practice");
            assertThat(r.html(l)).startsWith("<!DOCTYPE html><html lang=\"en\"");
        }
        DigestDef withTranslation = new DigestDef("cu", "Community Updates", "AP-MagNet", "0 0 8 ? * MON", ZoneOffset.UTC, DIGEST.audience(),
                DigestDef.Grouping.NONE, new DigestDef.Template("{title}: {count} new", "Hello", Map.of("fr",
                        new DigestDef.Template("{title} : {count} nouveautés de la semaine", "Bonjour", Map.of()))));
        assertThat(r.subject(new DigestRenderer.Letter(withTranslation, "fr", "2026-03-02", items, null, null)))
                .isEqualTo("Community Updates : 1 nouveautés de la semaine");
        assertThat(r.subject(new DigestRenderer.Letter(withTranslation, "es", "2026-03-02", items, null, null)))
                .isEqualTo("Community Updates: 1 práctica nueva o actualizada");
    }
}
