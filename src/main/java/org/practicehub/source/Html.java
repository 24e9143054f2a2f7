package org.practicehub.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Telling an HTML page from the document a source expects, and saying what to do about it. */
final class Html {

    private Html() {}

    /** Whether the body starts, after a BOM, blanks and comments, with an HTML doctype or an html element. */
    static boolean looksLikeHtml(byte[] body) {
        int n = Math.min(body.length, 4096);
        String head = new String(body, 0, n, StandardCharsets.ISO_8859_1).replace("\u00ef\u00bb\u00bf", "");
        head = head.replaceAll("(?s)^(\\s|<!--.*?-->)+", "").toLowerCase(java.util.Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }

    /**
     * What a feed source given an HTML page is told: to read the page as a listing ({@code kind: html}), or the feed the
     * page itself names, if it names one.
     */
    static SourceException notAFeed(byte[] body, String location) {
        String feed = null;
        try {
            Document d = Jsoup.parse(new ByteArrayInputStream(body), null, location == null ? "" : location);
            for (Element l : d.select("link[rel~=(?i)alternate][type~=(?i)application/(rss|atom)\\+xml|application/feed\\+json][href]")) {
                feed = l.attr("abs:href").isEmpty() ? l.attr("href") : l.attr("abs:href");
                break;
            }
        } catch (IOException e) {
            // the advice without the feed's address
        }
        return new SourceException("this is an HTML page, not a feed: use kind html to read it as a listing"
                + (feed == null ? "" : ", or the feed it names: " + feed));
    }
}
