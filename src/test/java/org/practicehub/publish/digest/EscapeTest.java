package org.practicehub.publish.digest;

import java.util.Random;

import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The digest's HTML escaping leaves plain strings as they are without jsoup, and gives exactly jsoup's result always. */
class EscapeTest {

    @Test
    void theShortcutAgreesWithJsoup() {
        Random r = new Random(7);
        String alphabet = "abcXYZ 019/:?=.-_~&<>\"'\u00a0\u00e9\u4e2d\t\n\r";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(30);
            for (int i = 0; i < len; i++) {
                // mostly plain ASCII, as links and headings are
                b.append(r.nextInt(10) < 8 ? (char) (' ' + r.nextInt(95)) : alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = b.toString();
            assertThat(DigestRenderer.esc(s)).as("%s", s).isEqualTo(Entities.escape(s));
        }
        assertThat(DigestRenderer.esc(null)).isEmpty();
        assertThat(DigestRenderer.esc("https://hub.example.org/api/subscriptions/manage?token=abc")).isEqualTo("https://hub.example.org/api/subscriptions/manage?token=abc");
        assertThat(DigestRenderer.esc("a < b & c")).isEqualTo("a &lt; b &amp; c");
    }
}
