package org.practicehub.source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The feed paths of the Parser on small documents of our own: encodings, leniency, refusal of DTDs, relative URLs
 * and JSON Feed type confusion. CorpusTest runs the third-party corpus through the whole route; these hold without it.
 */
class ParserTest {

    private static final String URL = "http://127.0.0.1:9/feeds/partner.xml";

    private static List<FeedEntry> parse(byte[] body, String contentType) {
        SourceDef s = new SourceDef("p", "Partner", Kind.FEED, URL, null, null, null, true, Map.of(), Map.of(), Map.of(), SourceOptions.NONE, null);
        return new Parser().parse(s, new Fetched(body, contentType, URL, null, null, null, false, null)).stream().map(FeedEntry.class::cast).toList();
    }

    private static byte[] bytes(String s, String charset) {
        return s.getBytes(Charset.forName(charset));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String rss(String decl, String item) {
        return decl + "<rss version=\"2.0\"><channel><title>t</title><link>http://partner.example/</link><description>d</description>"
                + "<item>" + item + "</item></channel></rss>";
    }

    /** The parser reads the document through a decoding reader; the repair retry works on the whole text: both the same. */
    @Test
    void theDocumentReadsAsItsWholeText() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"%s\"?><rss version=\"2.0\"><channel><title>Caf\u00e9 \u201cquoted\u201d \u0152uvre</title>"
                + "</channel></rss>";
        ByteArrayOutputStream bomUtf8 = new ByteArrayOutputStream();
        bomUtf8.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        bomUtf8.write(String.format(xml, "UTF-8").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream malformed = new ByteArrayOutputStream();
        malformed.write("<?xml version=\"1.0\"?><rss><channel><title>bad ".getBytes(StandardCharsets.US_ASCII));
        malformed.write(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xe2, (byte) 0x82, (byte) 0xff});
        malformed.write(" bytes</title></channel></rss>".getBytes(StandardCharsets.US_ASCII));
        List<byte[]> docs = List.of(
                bomUtf8.toByteArray(),
                ("\n  \t" + String.format(xml, "UTF-8")).getBytes(StandardCharsets.UTF_8),
                ("\uFEFF" + String.format(xml, "UTF-16")).getBytes(StandardCharsets.UTF_16LE),
                // declared ISO-8859-1, written as windows-1252 (curly quotes, the OE ligature): read as windows-1252
                String.format(xml, "ISO-8859-1").getBytes(Charset.forName("windows-1252")),
                malformed.toByteArray());
        for (byte[] doc : docs) {
            FeedXml.Decoded d = FeedXml.decoding(doc, "application/rss+xml");
            StringBuilder read = new StringBuilder();
            try (java.io.Reader r = d.reader()) {
                for (int c; (c = r.read()) >= 0; ) {
                    read.append((char) c);
                }
            }
            assertThat(read.toString()).isEqualTo(d.text()).startsWith("<").doesNotContain("\uFEFF");
        }
        assertThat(FeedXml.decoding(docs.get(3), null).text()).contains("\u201cquoted\u201d \u0152uvre");
        assertThat(FeedXml.decoding(docs.get(4), null).text()).contains("bad \uFFFD");
    }

    @Test
    void theHttpCharsetOutranksTheXmlDeclarationAndTheBomOutranksBoth() {
        byte[] latin1 = bytes(rss("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<title>Café</title><guid>1</guid>"), "ISO-8859-1");
        assertThat(parse(latin1, "application/rss+xml; charset=ISO-8859-1").get(0).title()).isEqualTo("Café");

        byte[] bomUtf8 = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                bytes(rss("<?xml version=\"1.0\"?>", "<title>Café</title><guid>1</guid>"), "UTF-8"));
        assertThat(parse(bomUtf8, "text/xml; charset=iso-8859-1").get(0).title()).isEqualTo("Café");
    }

    @Test
    void textXmlWithoutACharsetAndNonXmlTypesGoByTheDocument() {
        byte[] utf8 = bytes(rss("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<title>Café</title><guid>1</guid>"), "UTF-8");
        assertThat(parse(utf8, "text/xml").get(0).title()).isEqualTo("Café");
        assertThat(parse(utf8, "text/html").get(0).title()).isEqualTo("Café");
        byte[] declaredLatin1 = bytes(rss("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", "<title>Café</title><guid>1</guid>"), "ISO-8859-1");
        assertThat(parse(declaredLatin1, "application/octet-stream").get(0).title()).isEqualTo("Café");
    }

    @Test
    void whitespaceCommentsAndABomBeforeTheDeclarationAreTolerated() {
        String doc = rss("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", "<title>Café</title><guid>1</guid>");
        assertThat(parse(bytes("\n\n   <!-- generated -->\n" + doc, "ISO-8859-1"), null).get(0).title()).isEqualTo("Café");
        byte[] bomThenSpace = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                bytes("  \n" + rss("<?xml version=\"1.0\"?>", "<title>Café</title><guid>1</guid>"), "UTF-8"));
        assertThat(parse(bomThenSpace, null).get(0).title()).isEqualTo("Café");
    }

    @Test
    void utf16AndUtf32DocumentsAreRead() {
        String doc = rss("<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<title>Ünïcödé</title><guid>1</guid>");
        assertThat(parse(bytes(doc, "UTF-16"), null).get(0).title()).isEqualTo("Ünïcödé");
        String doc32 = rss("<?xml version=\"1.0\" encoding=\"utf-32\"?>", "<title>Ünïcödé</title><guid>1</guid>");
        assertThat(parse(concat(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0}, bytes(doc32, "UTF-32LE")), null).get(0).title()).isEqualTo("Ünïcödé");
        assertThat(parse(bytes(doc32, "UTF-32BE"), null).get(0).title()).isEqualTo("Ünïcödé");
    }

    @Test
    void htmlEntitiesBareAmpersandsAndWindows1252PunctuationAreTolerated() {
        byte[] doc = bytes(rss("", "<title>A&nbsp;B &amp; C & D&hellip; don\u0092t</title><guid>1</guid>"), "UTF-8");
        assertThat(parse(doc, "application/rss+xml").get(0).title()).isEqualTo("A\u00a0B & C & D… don’t");
        byte[] html5 = bytes(rss("", "<title>Done &check; &NotEqualTilde;</title><guid>1</guid>"), "UTF-8");
        assertThat(parse(html5, null).get(0).title()).isEqualTo("Done ✓ \u2242\u0338");
        byte[] unknown = bytes(rss("", "<title>&nosuchentity;</title><guid>1</guid>"), "UTF-8");
        assertThatThrownBy(() -> parse(unknown, null)).hasMessageContaining("nosuchentity");
    }

    @Test
    void aDoctypeIsNeverProcessed() {
        String internal = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e \"expanded\">]>" + rss("", "<title>&e;</title><guid>1</guid>");
        assertThatThrownBy(() -> parse(bytes(internal, "UTF-8"), null)).isInstanceOf(SourceException.class).hasMessageContaining("DOCTYPE");
        String bomb = "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" + rss("", "<title>&c;</title><guid>1</guid>");
        assertThatThrownBy(() -> parse(bytes(bomb, "UTF-8"), null)).hasMessageContaining("DOCTYPE");
        // RSS 0.91 as Netscape published it: the DOCTYPE is ignored, not fetched, and the feed is read
        String netscape = "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://127.0.0.1:9/rss-0.91.dtd\">"
                + "<rss version=\"0.91\"><channel><title>t</title><link>http://partner.example/</link><description>d</description>"
                + "<language>en</language><item><title>Caf&eacute;</title><link>http://partner.example/1</link></item></channel></rss>";
        assertThat(parse(bytes(netscape, "UTF-8"), null)).singleElement().satisfies(e -> assertThat(e.title()).isEqualTo("Café"));
    }

    @Test
    void relativeUrlsResolveAgainstXmlBaseTheFeedLinkOrTheDocument() {
        List<FeedEntry> rss = parse(bytes(rss("", "<title>t</title><link>/p/1</link>"
                + "<description>&lt;a href=\"more.html\"&gt;more&lt;/a&gt; &lt;img src=\"/i.png\"&gt;</description>"), "UTF-8"), null);
        assertThat(rss.get(0).link()).isEqualTo("http://partner.example/p/1");
        assertThat(rss.get(0).summary()).contains("href=\"http://partner.example/more.html\"").contains("src=\"http://partner.example/i.png\"");

        String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://partner.example/news/\"><title>t</title><id>f</id>"
                + "<updated>2024-01-01T00:00:00Z</updated><entry xml:base=\"2024/\"><id>e1</id><title>t</title><updated>2024-01-01T00:00:00Z</updated>"
                + "<link href=\"item.html\"/><content type=\"xhtml\" xml:base=\"javascript:alert(1)\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
                + "<a href=\"../about.html\">about</a></div></content></entry>"
                + "<entry><id>e2</id><title>t</title><updated>2024-01-01T00:00:00Z</updated><link href=\"other.html\"/></entry></feed>";
        List<FeedEntry> entries = parse(bytes(atom, "UTF-8"), "application/atom+xml");
        assertThat(entries.get(0).link()).isEqualTo("http://partner.example/news/2024/item.html");
        // a javascript: xml:base is ignored: the entry's base stays
        assertThat(entries.get(0).content()).contains("href=\"http://partner.example/news/about.html\"");
        assertThat(entries.get(1).link()).isEqualTo("http://partner.example/news/other.html");

        String noBase = "<rss version=\"2.0\"><channel><title>t</title><description>d</description><item><title>t</title><link>x/1</link></item></channel></rss>";
        assertThat(parse(bytes(noBase, "UTF-8"), null).get(0).link()).isEqualTo("http://127.0.0.1:9/feeds/x/1");
    }

    @Test
    void commonMistakesOfWellMeaningFeedsAreRepaired() {
        String undeclared = "<rss version=\"2.0\"><channel><title>t</title><link>http://partner.example/</link><description>d</description>"
                + "<item><title>t</title><guid>1</guid><content:encoded>&lt;p&gt;full&lt;/p&gt;</content:encoded></item></channel></rss>";
        assertThat(parse(bytes(undeclared, "UTF-8"), null).get(0).content()).isEqualTo("<p>full</p>");
        String noChannel = "<rss><item><title>loose</title><guid>1</guid></item></rss>";
        assertThat(parse(bytes(noChannel, "UTF-8"), null)).singleElement().satisfies(e -> assertThat(e.title()).isEqualTo("loose"));
        String spacedNamespace = "<rss version=\"2.0\" xmlns:dc=\" http://purl.org/dc/elements/1.1/ \"><channel><title>t</title>"
                + "<link>http://partner.example/</link><description>d</description><item><title>t</title><guid>1</guid>"
                + "<dc:coverage>Viet Nam</dc:coverage></item></channel></rss>";
        assertThat(parse(bytes(spacedNamespace, "UTF-8"), null).get(0).values("dc:coverage")).containsExactly("Viet Nam");
    }

    @Test
    void brokenXmlIsASourceErrorThatSaysWhy() {
        assertThatThrownBy(() -> parse(bytes("<rss version=\"2.0\"><channel><title>cut", "UTF-8"), null))
                .isInstanceOf(SourceException.class).hasMessageStartingWith("not a readable RSS/Atom feed: ");
        assertThatThrownBy(() -> parse(new byte[0], null)).hasMessageStartingWith("not a readable RSS/Atom feed: ");
        assertThatThrownBy(() -> parse(bytes("<note><to>x</to></note>", "UTF-8"), null)).hasMessageContaining("root element <note>");
    }

    @Test
    void jsonFeedsOfAnyVersionAndValuesOfTheWrongTypeAreRead() {
        String feed = """
                {"version": "1.0", "home_page_url": "https://partner.example/", "items": [
                  {"id": 42, "title": "Fish <3 chips & <b>more</b>", "url": "/p/42", "content_html": "<a href=\\"x\\">x</a>"},
                  {"id": NaN, "title": "   ", "summary": "a < b"},
                  {"id": {"a": 1}, "title": ["not", "text"], "url": "https://partner.example/p/3", "tags": "single"},
                  "not an item"
                ]}""";
        List<FeedEntry> entries = parse(feed.getBytes(StandardCharsets.UTF_8), "application/feed+json");
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).id()).isEqualTo("42");
        // JSON Feed titles are plain text: kept as written, escaped for the hub's HTML-to-text
        assertThat(org.jsoup.Jsoup.parse(entries.get(0).title()).text()).isEqualTo("Fish <3 chips & <b>more</b>");
        assertThat(entries.get(0).link()).isEqualTo("http://127.0.0.1:9/p/42");
        assertThat(entries.get(0).content()).isEqualTo("<a href=\"http://127.0.0.1:9/p/x\">x</a>");
        assertThat(entries.get(1).id()).isEqualTo("NaN");
        assertThat(entries.get(1).title()).isBlank();
        assertThat(entries.get(1).summary()).isEqualTo("<p>a &lt; b</p>");
        assertThat(entries.get(2).id()).isNull();
        assertThat(entries.get(2).title()).isNull();
        assertThat(entries.get(2).values("tags")).containsExactly("single");

        assertThat(parse("{\"title\": \"no version, no items\"}".getBytes(StandardCharsets.UTF_8), null)).isEmpty();
        assertThatThrownBy(() -> parse("{\"items\": {\"id\": 1}}".getBytes(StandardCharsets.UTF_8), null)).hasMessageContaining("items is not a list");
        assertThatThrownBy(() -> parse("[1, 2]".getBytes(StandardCharsets.UTF_8), null)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("{\"items\": [".getBytes(StandardCharsets.UTF_8), null)).hasMessageStartingWith("not a valid JSON Feed");
    }
}
