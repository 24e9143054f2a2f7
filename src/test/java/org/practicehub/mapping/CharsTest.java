package org.practicehub.mapping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CharsTest {

    @Test
    void replacesWhatXmlForbidsAndLoneSurrogatesKeepingPairsTabsAndLineBreaks() {
        String ok = "Tab\there\r\nline \uD83D\uDE00 emoji, \u00e9, \uFFFD, \u007f";
        assertThat(Chars.safe(ok)).isTrue();
        assertThat(Chars.replace(ok)).isSameAs(ok);
        assertThat(Chars.count(ok)).isZero();

        String bad = "a\u0000b\u001fc\uFFFEd\uFFFFe\uD800f\uDC00g\uDBFF";
        assertThat(Chars.safe(bad)).isFalse();
        assertThat(Chars.count(bad)).isEqualTo(7);
        assertThat(Chars.replace(bad)).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFD");
        // a low surrogate before a high one is no pair
        assertThat(Chars.replace("\uDC00\uD800")).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void findsForbiddenCharactersInJsonRawOrEscapedButNotAnEscapedBackslash() {
        assertThat(Chars.suspectJson("{\"t\": \"plain \\u00e9 \\n\"}")).isFalse();
        assertThat(Chars.suspectJson("{\"t\": \"\\u0001\"}")).isTrue();
        assertThat(Chars.suspectJson("{\"t\": \"\\uD800\"}")).isTrue();
        assertThat(Chars.suspectJson("{\"t\": \"\\uffff\"}")).isTrue();
        assertThat(Chars.suspectJson("{\"t\": \"raw \u0002\"}")).isTrue();
        assertThat(Chars.suspectJson("{\"t\": \"C:\\\\u0001dir\"}")).isFalse();
    }
}
