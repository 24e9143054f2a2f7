package org.practicehub.source;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jsoup.Jsoup;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * What the hub should make of one corpus file, derived from the file's own suite:
 * <ul>
 * <li>whether it must parse: feedparser's {@code Expect:} ("bozo" means the suite expects a broken document,
 * "not bozo" or a bare "1" a clean one), gofeed's golden file or "parse error expected", and for every
 * JSON case feedparser's {@code __tests} (all of which read the document);</li>
 * <li>its entries: gofeed's golden items where there is a golden file, otherwise the document's own
 * {@code item}/{@code entry} elements (JSON Feed {@code items}), read by an independent parser (the JDK's
 * DOM, DTDs not loaded, for trusted well-formed files only); an entry "has a title" when its title has visible
 * text, and it can be stored when it also has an id or a link — the hub's Validator rejects the others;</li>
 * <li>values to compare: the {@code Expect:}/{@code __tests} terms about fields the hub carries (an entry's title,
 * link, id and content), and the golden items' titles and links. Terms about fields the hub does not keep
 * (feed-level values, dates, geo, media, enclosures, xml:base of a field) are not compared; such files still
 * have to parse cleanly and give their entries.</li>
 * </ul>
 */
final class SuiteExpectation {

    enum Outcome { PARSES, FAILS, EITHER }

    /** One value the suite states about entry {@code index}: field is title, link, id or content. */
    record Check(int index, String field, String value) {}

    /** One entry as the suite or the document shows it. */
    record Entry(String title, String link, String id) {
        boolean hasTitle() {
            return !visible(title).isEmpty();
        }

        boolean storable() {
            return hasTitle() && (!blank(id) || !blank(link));
        }
    }

    final Outcome outcome;
    /** The entries, or null when the suite says nothing about them and the document cannot be read independently. */
    final List<Entry> entries;
    final List<Check> checks;
    /** Upper bound on the practices a file may give, from a {@code len(entries) == n} term. */
    final Integer maxEntries;
    final String basis;

    private SuiteExpectation(Outcome outcome, List<Entry> entries, List<Check> checks, Integer maxEntries, String basis) {
        this.outcome = outcome;
        this.entries = entries;
        this.checks = checks;
        this.maxEntries = maxEntries;
        this.basis = basis;
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Pattern EXPECT = Pattern.compile("(?m)^\\s*Expect:\\s*(.*?)\\s*$");
    private static final Set<String> FEED_PARENTS = Set.of("channel", "rdf", "rss", "feed");

    static SuiteExpectation of(CorpusFile f) {
        if (f.repo().equals("tiran/defusedxml")) {
            // generic XML attack samples: none is a feed, and none may be expanded or fetched
            return new SuiteExpectation(Outcome.FAILS, List.of(), List.of(), 0, "defusedxml: not a feed");
        }
        if (f.repo().equals("mmcdole/gofeed")) {
            return gofeed(f);
        }
        return f.isJson() ? feedparserJson(f) : feedparserXml(f);
    }

    private static SuiteExpectation feedparserXml(CorpusFile f) {
        String expect = expectLine(f);
        String e = expect.trim();
        Outcome outcome = e.startsWith("bozo") ? Outcome.FAILS : Outcome.PARSES;
        if (f.category().equals("illformed-hostile") && !e.startsWith("not bozo") && !e.startsWith("bozo")) {
            // "1" (it must not crash) or terms about a partial result: either way is right for an ill-formed file
            outcome = Outcome.EITHER;
        }
        List<Check> checks = checks(expect);
        Integer max = lenEntries(expect);
        if (outcome != Outcome.PARSES) {
            return new SuiteExpectation(outcome, null, checks, max, "feedparser Expect: " + expect);
        }
        return new SuiteExpectation(outcome, xmlEntries(f), checks, max, "feedparser Expect + document entries");
    }

    private static String expectLine(CorpusFile f) {
        String text = f.commentText();
        int end = text.indexOf("-->");
        Matcher m = EXPECT.matcher(end < 0 ? text : text.substring(0, end));
        return m.find() ? m.group(1) : f.expectation();
    }

    private static SuiteExpectation feedparserJson(CorpusFile f) {
        JsonNode doc = readJson(f);
        List<Check> checks = new ArrayList<>();
        Integer max = null;
        for (JsonNode t : doc.path("__tests")) {
            checks.addAll(checks(t.asText()));
            Integer n = lenEntries(t.asText());
            max = n == null ? max : n;
        }
        return new SuiteExpectation(Outcome.PARSES, jsonEntries(doc), checks, max, "feedparser __tests + document items");
    }

    private static SuiteExpectation gofeed(CorpusFile f) {
        String exp = f.expected();
        if (!exp.contains("no error") && (exp.contains("error") || exp.contains("unknown"))) {
            return new SuiteExpectation(Outcome.FAILS, List.of(), List.of(), 0, "gofeed: " + exp);
        }
        java.nio.file.Path golden = golden(f);
        if (golden == null) {
            // parser_test.go: "feedType=..., title=..., no error"
            return new SuiteExpectation(Outcome.PARSES, f.isJson() ? jsonEntries(readJson(f)) : xmlEntries(f), List.of(), null,
                    "gofeed: " + exp + " + document entries");
        }
        JsonNode g = readJson(golden);
        JsonNode items = g.has("entries") ? g.get("entries") : g.path("items");
        List<Entry> entries = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        // golden files keep only what the translator fills: take the document's id when the golden has none
        List<Entry> doc = f.isJson() ? jsonEntries(readJson(f)) : xmlEntries(f);
        for (int i = 0; i < items.size(); i++) {
            JsonNode it = items.get(i);
            String title = text(it.path("title"));
            String link = text(it.path("link"));
            if (link == null && it.path("links").isArray() && !it.path("links").isEmpty()) {
                JsonNode l0 = it.path("links").get(0);
                link = l0.isObject() ? text(l0.path("href")) : text(l0);
            }
            if (link == null) {
                link = text(it.path("url"));
            }
            String id = it.path("guid").isObject() ? text(it.path("guid").path("value")) : text(it.path("guid"));
            if (id == null) {
                id = text(it.path("id"));
            }
            if (id == null && doc != null && i < doc.size()) {
                id = doc.get(i).id();
            }
            entries.add(new Entry(title, link, id));
            if (!blank(title)) {
                checks.add(new Check(i, "title", title));
            }
            if (!blank(link)) {
                checks.add(new Check(i, "link", link));
            }
        }
        Outcome outcome = f.category().equals("illformed-hostile") ? Outcome.EITHER : Outcome.PARSES;
        return new SuiteExpectation(outcome, entries, checks, null, "gofeed golden " + golden.getFileName());
    }

    private static java.nio.file.Path golden(CorpusFile f) {
        Matcher m = Pattern.compile("(testdata/\\S+\\.json)").matcher(f.expected());
        if (!m.find()) {
            return null;
        }
        java.nio.file.Path p = f.file().getParent();
        while (p != null && !p.getFileName().toString().equals("testdata")) {
            p = p.getParent();
        }
        java.nio.file.Path g = p == null ? null : p.getParent().resolve(m.group(1));
        return g != null && Files.isRegularFile(g) ? g : null;
    }

    private static JsonNode readJson(CorpusFile f) {
        return readJson(f.file());
    }

    private static JsonNode readJson(java.nio.file.Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** JSON Feed items as feedparser reads them: scalars become text, objects and lists are no value. */
    private static List<Entry> jsonEntries(JsonNode doc) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode it : doc.path("items")) {
            if (it.isObject()) {
                String link = text(it.path("url"));
                out.add(new Entry(text(it.path("title")), blank(link) ? text(it.path("external_url")) : link, text(it.path("id"))));
            }
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isValueNode() || n.isNull() ? null : n.asText();
    }

    /** The document's entries, read by the JDK's DOM parser: only for files their suite calls well-formed. */
    private static List<Entry> xmlEntries(CorpusFile f) {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setNamespaceAware(true);
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            dbf.setFeature("http://xml.org/sax/features/external-general-entities", false);
            dbf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            dbf.setExpandEntityReferences(true);
            DocumentBuilder db = dbf.newDocumentBuilder();
            db.setErrorHandler(null);
            db.setEntityResolver((publicId, systemId) -> new InputSource(new java.io.StringReader("")));
            org.w3c.dom.Document d;
            try {
                d = db.parse(new ByteArrayInputStream(stripLeadingSpace(f.bytes())));
            } catch (Exception unknownEncoding) {
                // an encoding name the JDK does not know ("u16") or UTF-32 with a BOM: read the text by its bytes
                d = db.parse(new InputSource(new java.io.StringReader(f.commentText().strip())));
            }
            List<Entry> out = new ArrayList<>();
            collect(d.getDocumentElement(), out);
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] stripLeadingSpace(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return java.util.Arrays.copyOfRange(b, i, b.length);
    }

    private static void collect(Element e, List<Entry> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                String name = local(c);
                String parent = local(e).toLowerCase(Locale.ROOT);
                if (name.equals("entry") && parent.equals("feed") || name.equals("item") && !parent.equals("feed") && FEED_PARENTS.contains(parent)) {
                    out.add(entry(c));
                } else if (FEED_PARENTS.contains(name.toLowerCase(Locale.ROOT))) {
                    collect(c, out);
                }
            }
        }
    }

    private static Entry entry(Element item) {
        String title = null;
        String link = null;
        String id = item.getAttributeNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "about");
        for (Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            switch (local(c)) {
                case "title" -> {
                    if (title == null) {
                        title = "base64".equals(c.getAttribute("mode")) ? base64(c.getTextContent()) : c.getTextContent();
                    }
                }
                case "link" -> {
                    String rel = c.getAttribute("rel");
                    String href = c.hasAttribute("href") ? c.getAttribute("href") : c.getTextContent();
                    if (link == null && (rel.isEmpty() || rel.equals("alternate")) && !blank(href)) {
                        link = href.trim();
                    }
                }
                case "guid", "id" -> {
                    if (blank(id)) {
                        id = c.getTextContent();
                    }
                }
                default -> { }
            }
        }
        return new Entry(title, link, blank(id) ? null : id.trim());
    }

    private static String base64(String s) {
        try {
            return new String(Base64.getMimeDecoder().decode(s.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String local(Node n) {
        return n.getLocalName() == null ? n.getNodeName() : n.getLocalName();
    }

    // ---- the Python expressions of feedparser's Expect and __tests

    private static final String LITERAL = "((?:[rub]?(?:\"\"\"(?:[^\"\\\\]|\\\\.|\"(?!\"\"))*\"\"\"|'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")\\s*\\+?\\s*)+)";
    private static final String ACCESS = "entries\\[(\\d+)\\]((?:\\[[^\\]]+\\]|\\.[a-z_]+)+)";
    private static final Pattern TERM = Pattern.compile("(?:ord\\()?" + ACCESS + "\\)?((?:\\s*==\\s*" + ACCESS + ")*)\\s*==\\s*(?:" + LITERAL + "|(\\d+))");
    private static final Pattern LEN = Pattern.compile("len\\(entries\\)\\s*==\\s*(\\d+)");

    static List<Check> checks(String expr) {
        List<Check> out = new ArrayList<>();
        Matcher m = TERM.matcher(expr);
        while (m.find()) {
            String value;
            if (m.group(6) != null) {
                value = python(m.group(6));
            } else if (m.group(0).startsWith("ord(")) {
                value = new String(Character.toChars(Integer.parseInt(m.group(7))));
            } else {
                continue;
            }
            add(out, Integer.parseInt(m.group(1)), m.group(2), value);
            Matcher more = Pattern.compile(ACCESS).matcher(m.group(3));
            while (more.find()) {
                add(out, Integer.parseInt(more.group(1)), more.group(2), value);
            }
        }
        return out;
    }

    private static Integer lenEntries(String expr) {
        Matcher m = LEN.matcher(expr);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static void add(List<Check> out, int index, String access, String value) {
        String a = access.replace("'", "").replace("\"", "");
        String field = switch (a) {
            case "[title]", ".title", "[title_detail][value]" -> "title";
            case "[link]", ".link", "[links][0][href]" -> "link";
            case "[id]", "[guid]", ".id" -> "id";
            case "[content][0][value]", "[description]", "[summary]", ".summary", ".description" -> "content";
            default -> null;
        };
        if (field != null) {
            out.add(new Check(index, field, value));
        }
    }

    /** A Python string literal, or several joined by '+', with its escapes. */
    static String python(String lit) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("[rub]?(\"\"\"((?:[^\"\\\\]|\\\\.|\"(?!\"\"))*)\"\"\"|'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\")").matcher(lit);
        while (m.find()) {
            String body = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c != '\\' || i + 1 == body.length()) {
                    out.append(c);
                    continue;
                }
                char n = body.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'x' -> {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            }
        }
        return out.toString();
    }

    // ---- text helpers shared with the test

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The visible text of a value that may hold HTML, whitespace collapsed: what a reader of the title sees. */
    static String visible(String s) {
        if (s == null) {
            return "";
        }
        return Jsoup.parse(s).text().replace('\u00a0', ' ').replaceAll("\\s+", " ").trim();
    }
}
