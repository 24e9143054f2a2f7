package org.practicehub.source;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut before parsing an entry's HTML for relative links: it may say "maybe" wrongly, never "no" wrongly.
 * Each case is checked against what parsing and resolving gives.
 */
class FeedUrlsTest {

    private static final URI BASE = URI.create("http://partner.example/news/");

    @ParameterizedTest
    @ValueSource(strings = {
        "<a href=\"more.html\">more</a>",
        "<a HREF = 'more.html'>more</a>",
        "<a href=more.html>more</a>",
        "<img src=\"/i.png\">",
        "<a href=\"http://x.example/\">abs</a> <img src=\"i.png\">",
        "<a href=\"//cdn.example/x\">protocol-relative</a>",
        "<a href=\" \n more.html\">spaces</a>",
        "<a href\n=\n\"more.html\">newlines</a>",
        "<a href=\"&#104;ttp://x.example/\">an entity in the scheme</a>",
        "<a href=\"\">empty</a>",
        "<a href=\"?page=2\">query</a>",
    })
    void whatMayHoldARelativeLinkIsParsed(String html) {
        assertThat(FeedUrls.mayHaveRelativeUrl(html)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<p>no links at all, x = 1</p>",
        "<a href=\"https://partner.example/a\">a</a> <img src='http://partner.example/i.png'>",
        "<a href=\"mailto:info@partner.example\">mail</a>",
        "<a href=\" https://partner.example/a\">leading space</a>",
        "<a title=\"href\" href=\"https://partner.example/a\">a</a>",
        "<a href=\"javascript:alert(1)\">left to the sanitiser</a>",
    })
    void absoluteLinksNeedNoParse(String html) {
        assertThat(FeedUrls.mayHaveRelativeUrl(html)).isFalse();
        // and parsing would indeed have changed nothing
        assertThat(parsedAndResolved(html)).isEqualTo(html);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<a href=\"more.html\">more</a>",
        "<a HREF = 'more.html'>more</a>",
        "<img src=\"/i.png\">",
        "<a href=\"http://x.example/\">abs</a> <img src=\"i.png\">",
    })
    void relativeLinksAreStillResolved(String html) {
        assertThat(FeedUrls.resolveInHtml(html, BASE)).isNotEqualTo(html).contains("http://partner.example/");
    }

    /** resolveInHtml without the shortcut. */
    private static String parsedAndResolved(String html) {
        org.jsoup.nodes.Document d = org.jsoup.Jsoup.parseBodyFragment(html, BASE.toString());
        boolean changed = false;
        for (org.jsoup.nodes.Element e : d.select("[href], [src]")) {
            for (String a : new String[] {"href", "src"}) {
                if (e.hasAttr(a) && !FeedUrls.resolve(BASE, e.attr(a)).equals(e.attr(a))) {
                    changed = true;
                }
            }
        }
        return changed ? "changed" : html;
    }
}
