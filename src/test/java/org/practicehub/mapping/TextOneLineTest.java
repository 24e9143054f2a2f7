package org.practicehub.mapping;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text.oneLine's shortcut for strings already on one line gives what the regular expressions give, for any string. */
class TextOneLineTest {

    static final Pattern SPACES = Pattern.compile("\\s+");

    static String reference(String s) {
        return SPACES.matcher(s.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " ")).replaceAll(" ").trim();
    }

    @Test
    void theShortcutAgreesWithTheRegularExpressions() {
        char[] alphabet = {'a', 'Z', ' ', ' ', '\t', '\n', '\r', 0x0B, '\f', '\u0085', '\u2028', '\u2029', '\u00a0', '\u0001', 'é', '.'};
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            char[] cs = new char[r.nextInt(8)];
            for (int j = 0; j < cs.length; j++) {
                cs[j] = alphabet[r.nextInt(alphabet.length)];
            }
            String s = new String(cs);
            assertThat(Text.oneLine(s)).as("%s", s.chars().mapToObj(c -> Integer.toHexString(c)).toList()).isEqualTo(reference(s));
        }
        String plain = "Weekly digest: Migration Network Hub";
        assertThat(Text.oneLine(plain)).isSameAs(plain);
    }
}
