package org.practicehub.source;

import java.nio.charset.StandardCharsets;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of an html source that need no server: its paths, the page's charset, telling an HTML page from a feed. */
class HtmlPartsTest {

    static final Element ITEM = Jsoup.parse("<article data-id=\"p7\"><h2><a href=\"/p/7\">Seven <b>bold</b></a></h2>"
            + "<div class=\"body\"><p>One</p><p>Two</p></div><img src=\"i.png\"><ul><li>a</li><li> </li><li>b</li></ul></article>",
            "https://partner.example.org/list/").selectFirst("article");

    @Test
    void aPathReadsTextAttributesOrHtml() {
        assertThat(HtmlPath.of("h2 a").read(ITEM)).containsExactly("Seven bold");
        assertThat(HtmlPath.of("h2 a@href").read(ITEM)).containsExactly("https://partner.example.org/p/7");
        assertThat(HtmlPath.of("img@src").read(ITEM)).containsExactly("https://partner.example.org/list/i.png");
        assertThat(HtmlPath.of(".body@html").read(ITEM)).singleElement().asString().contains("<p>One</p>", "<p>Two</p>");
        assertThat(HtmlPath.of("@data-id").read(ITEM)).containsExactly("p7");
        // every element found, blank ones left out
        assertThat(HtmlPath.of("ul li").read(ITEM)).containsExactly("a", "b");
        assertThat(HtmlPath.of("detail: .x@html")).isEqualTo(new HtmlPath(true, ".x", "html"));
        assertThat(HtmlPath.of("h2[").problem()).isNotNull();
    }

    static Fetched page(String contentType, byte[] body) {
        return new Fetched(body, contentType, "https://p.org/", null, null, null, false, null);
    }

    @Test
    void thePagesCharsetComesFromABomTheContentTypeOrAMetaElement() {
        byte[] latin = "<html><head><meta charset=\"windows-1252\"></head><body>Caf\u00e9</body></html>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HtmlListing.charset(page("text/html", latin)).name()).isEqualTo("windows-1252");
        assertThat(HtmlListing.charset(page("text/html; charset=ISO-8859-1", latin)).name()).isEqualTo("ISO-8859-1");
        assertThat(HtmlListing.charset(page(null, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '<'})).name()).isEqualTo("UTF-8");
        assertThat(HtmlListing.charset(page("text/html; charset=nonsense", "<p>x</p>".getBytes(StandardCharsets.UTF_8))).name()).isEqualTo("UTF-8");
    }

    @Test
    void anHtmlPageIsToldFromAFeed() {
        assertThat(Html.looksLikeHtml("\ufeff  <!-- hi --><!DOCTYPE html><html>".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Html.looksLikeHtml("<HTML lang=en>".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Html.looksLikeHtml("<?xml version=\"1.0\"?><rss/>".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Html.notAFeed("<!DOCTYPE html><html><head></head></html>".getBytes(StandardCharsets.UTF_8), "https://p.org/").getMessage())
                .isEqualTo("this is an HTML page, not a feed: use kind html to read it as a listing");
    }
}
