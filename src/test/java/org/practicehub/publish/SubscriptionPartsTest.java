package org.practicehub.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.model.Practice;
import org.practicehub.publish.digest.DigestDef;
import org.practicehub.publish.digest.DigestFiles;
import org.practicehub.publish.digest.DigestRenderer;
import org.practicehub.publish.subscription.Addresses;
import org.practicehub.publish.subscription.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts of subscriptions and digests: signed tokens, address checks, digest files, rendering. */
class SubscriptionPartsTest {

    static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void tokensAreSignedBoundToPurposeAndExpire() {
        Tokens t = new Tokens("server-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
        String token = t.issue(Tokens.Purpose.UNSUBSCRIBE, "sub-id-1", Duration.ofHours(1));
        assertThat(t.verify(token, Tokens.Purpose.UNSUBSCRIBE)).hasValue("sub-id-1");
        assertThat(t.verify(token, Tokens.Purpose.MANAGE)).isEmpty();
        assertThat(t.verify(token, Tokens.Purpose.CONFIRM)).isEmpty();
        // another secret, a flipped character, a swapped payload, garbage: nothing
        assertThat(new Tokens("another-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC)).verify(token, Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        String other = t.issue(Tokens.Purpose.UNSUBSCRIBE, "sub-id-2", Duration.ofHours(1));
        assertThat(t.verify(other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.')), Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        char last = token.charAt(token.length() - 1);
        assertThat(t.verify(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'), Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        for (String junk : new String[] {null, "", ".", "a.b.c", "%%%.%%%", "x".repeat(600)}) {
            assertThat(t.verify(junk, Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        }
        Tokens later = new Tokens("server-secret-0123456789", Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.verify(token, Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        // the id travels signed, not hidden; what matters is that it is random and cannot be changed
        assertThat(token).doesNotContain("sub-id-1");
    }

    @Test
    void afterARotationThePreviousSecretsLinksVerifyUntilItsDateAndNewOnesAreSignedWithTheNewSecret() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String old = new Tokens("old-secret-0123456789", clock).issue(Tokens.Purpose.UNSUBSCRIBE, "sub-id-1", Duration.ofDays(400));
        Instant until = NOW.plus(Duration.ofDays(30));
        Tokens rotated = new Tokens("new-secret-0123456789", new Tokens.Previous("old-secret-0123456789", until), clock);
        assertThat(rotated.verify(old, Tokens.Purpose.UNSUBSCRIBE)).hasValue("sub-id-1");
        String fresh = rotated.issue(Tokens.Purpose.UNSUBSCRIBE, "sub-id-2", Duration.ofDays(400));
        assertThat(new Tokens("new-secret-0123456789", clock).verify(fresh, Tokens.Purpose.UNSUBSCRIBE)).hasValue("sub-id-2");
        assertThat(new Tokens("old-secret-0123456789", clock).verify(fresh, Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        // on the date the previous secret stops; the new one's links go on
        Tokens then = new Tokens("new-secret-0123456789", new Tokens.Previous("old-secret-0123456789", until), Clock.fixed(until, ZoneOffset.UTC));
        assertThat(then.verify(old, Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(then.verify(fresh, Tokens.Purpose.UNSUBSCRIBE)).hasValue("sub-id-2");
        // a third secret is not the previous one
        assertThat(rotated.verify(new Tokens("third-secret-0123456789", clock).issue(Tokens.Purpose.UNSUBSCRIBE, "x", Duration.ofDays(1)),
                Tokens.Purpose.UNSUBSCRIBE)).isEmpty();
    }

    @Test
    void addressesFollowRfc5322SyntaxAndRfc5321Lengths() {
        for (String ok : List.of("ana@example.org", "a.b+tag@sub.example.co.uk", "o'brien@example.ie", "a".repeat(64) + "@example.org")) {
            assertThat(Addresses.problem(ok)).as(ok).isEmpty();
        }
        for (String bad : List.of("", "ana", "ana@", "@example.org", "ana@example", "ana@@example.org", "ana@exa_mple.org", "ana @example.org",
                "ana@example.org\r\nBcc: x@example.org", "Ana <ana@example.org>", "ana@example.org, b@example.org", "ana@-example.org",
                "a".repeat(65) + "@example.org", "ana@" + "a".repeat(64) + ".org", "\u00e4na@example.org", "ana@example..org",
                "a".repeat(60) + "@" + ("b".repeat(60) + ".").repeat(4) + "org")) {
            assertThat(Addresses.problem(bad)).as(bad).isPresent();
        }
        // address literals: the hub would mail a host by its address, one inside its own network as easily as any
        for (String literal : List.of("a@[127.0.0.1]", "x@[10.0.0.1]", "x@[IPv6:::1]")) {
            assertThat(Addresses.problem(literal)).as(literal).hasValueSatisfying(p -> assertThat(p).contains("address literal"));
        }
    }

    @Test
    void digestFilesAreCheckedWithTheFileInTheMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ap-magnet-weekly.yaml"), """
                title: AP-MagNet Community Updates
                network: AP-MagNet
                cron: "0 0 8 ? * MON"
                timeZone: Asia/Bangkok
                audience:
                  frequencies: [weekly]
                  addresses: [facilitator@example.org]
                grouping: theme
                template:
                  subject: "{title}: {count} new {practices}"
                  intro: "What members shared this week."
                  translations:
                    es:
                      subject: "{title}: {count} prácticas nuevas"
                """);
        DigestDef d = DigestFiles.load(dir, null).get(0);
        assertThat(d.id()).isEqualTo("ap-magnet-weekly");
        assertThat(d.timeZone().getId()).isEqualTo("Asia/Bangkok");
        assertThat(d.grouping()).isEqualTo(DigestDef.Grouping.THEME);
        assertThat(d.template().forLanguage("es-MX").subject()).contains("prácticas");
        assertThat(d.template().forLanguage("fr").subject()).isEqualTo("{title}: {count} new {practices}");

        Files.writeString(dir.resolve("bad.yaml"), "title: X\ncron: \"every monday\"\n");
        assertThatThrownBy(() -> DigestFiles.load(dir, null)).hasMessageContaining("bad.yaml").hasMessageContaining("cron");
        Files.writeString(dir.resolve("bad.yaml"), "title: X\ncron: \"0 0 8 ? * MON\"\nschedule: weekly\n");
        assertThatThrownBy(() -> DigestFiles.load(dir, null)).hasMessageContaining("bad.yaml").hasMessageContaining("unknown key 'schedule'");
        Files.writeString(dir.resolve("bad.yaml"), "title: X\ncron: \"0 0 8 ? * MON\"\naudience:\n  frequencies: [hourly]\n");
        assertThatThrownBy(() -> DigestFiles.load(dir, null)).hasMessageContaining("hourly");
    }

    static Practice practice(String id, String title, List<String> themes) {
        return new Practice(1, id, title, "A summary with <b>markup</b> & more.", null, null,
                new Practice.GeographicScope("national", List.of("PH"), List.of()), null, null, new Practice.GcmObjectives(List.of(6), List.of()),
                null, null, List.of("pre-departure"), themes, null, null, null, null, null, null, "en",
                List.of(new Practice.Provenance("AP-MagNet", "apmagnet", "r1", null, null, null, null, null, null, null, null)), null, NOW, NOW);
    }

    @Test
    void renderingGroupsEscapesAndKeepsPartnerValuesOutOfTheSubject() {
        DigestDef d = new DigestDef("cu", "Community Updates", "AP-MagNet", "0 0 8 ? * MON", ZoneOffset.UTC,
                new DigestDef.Audience(List.of("weekly"), List.of()), DigestDef.Grouping.THEME, DigestDef.Template.DEFAULT);
        DigestRenderer r = new DigestRenderer("https://hub.example.org", 50);
        DigestRenderer.Letter l = new DigestRenderer.Letter(d, "en", "2026-03-02", List.of(
                new DigestRenderer.Item(practice("ph-1", "Recruitment <script>alert(1)</script>\r\nBcc: x@example.org", List.of("recruitment")), false),
                new DigestRenderer.Item(practice("ph-2", "Return centre", List.of("reintegration", "recruitment")), true),
                new DigestRenderer.Item(practice("ph-3", "Diaspora bonds", List.of()), false)),
                "https://hub.example.org/api/subscriptions/manage?token=m", "https://hub.example.org/api/subscriptions/unsubscribe?token=u");
        assertThat(r.subject(l)).isEqualTo("Community Updates: 3 new practices");
        String text = r.text(l);
        assertThat(text.indexOf("RECRUITMENT")).isLessThan(text.indexOf("OTHER"));
        assertThat(text).contains("Return centre (updated)", "https://hub.example.org/practices/ph-1", "unsubscribe?token=u", "manage?token=m");
        assertThat(text).doesNotContain("\r\nBcc");
        String html = r.html(l);
        assertThat(html).doesNotContain("<script>", "<b>markup").contains("&lt;script&gt;", "style=\"");
        assertThat(html.indexOf("Recruitment &lt;script")).isLessThan(html.indexOf("Diaspora bonds"));
        DigestRenderer.Letter one = new DigestRenderer.Letter(d, "en", "2026-03-02", l.items().subList(0, 1), null, null);
        assertThat(r.subject(one)).isEqualTo("Community Updates: 1 new practice");
        assertThat(r.text(one)).doesNotContain("unsubscribe?token");
    }
}
