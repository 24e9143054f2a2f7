package org.practicehub.source;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.IllegalNameException;
import org.jdom2.JDOMException;
import org.jsoup.nodes.Entities;

/** Splits a fetched document into raw records, by the source's kind. */
public class Parser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEDIA_RSS = "http://search.yahoo.com/mrss/";
    /** JSON Feeds in the wild carry NaN and Infinity (Python's json writes them); Jackson's limits on depth and size still apply. */
    private static final ObjectMapper JSON_FEED = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public List<RawRecord> parse(SourceDef source, Fetched doc) {
        return parse(source, doc, w -> { });
    }

    /** The document's records; {@code warn} hears what the facilitator should see although the parse worked. */
    public List<RawRecord> parse(SourceDef source, Fetched doc, java.util.function.Consumer<String> warn) {
        byte[] body = doc.body();
        return switch (source.kind()) {
            case JSON, JSON_API, HUB -> json(source, body, warn);
            case JSONFEED -> jsonFeed(body, doc.location());
            case RSS, ATOM -> xmlFeed(doc);
            case FEED -> looksLikeJson(body) ? jsonFeed(body, doc.location()) : xmlFeed(doc);
            case CSV -> csv(source, doc);
            case OAI_PMH, HTML -> throw new IllegalArgumentException(source.kind().label() + " sources are read by their own reader");
        };
    }

    /** A spreadsheet export fetched over http(s): one CSV text, read as a file of a drop folder is. */
    private List<RawRecord> csv(SourceDef source, Fetched doc) {
        SourceOptions.Csv fmt = source.options().csv() == null ? SourceOptions.Csv.DEFAULT : source.options().csv();
        String name = doc.location().replaceAll("[?#].*", "").replaceAll(".*/", "");
        try {
            return CsvText.rows(doc.body(), name.isEmpty() ? "export.csv" : name, fmt, source);
        } catch (IOException e) {
            throw new SourceException("not readable as CSV in " + fmt.encoding() + ": " + oneLine(e));
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (!Character.isWhitespace(b) && (b & 0xff) != 0xef && (b & 0xff) != 0xbb && (b & 0xff) != 0xbf) {
                return false;
            }
        }
        return false;
    }

    private List<RawRecord> json(SourceDef source, byte[] body, java.util.function.Consumer<String> warn) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new SourceException((Html.looksLikeHtml(body) ? "this is an HTML page, not JSON: " : "not valid JSON: ") + oneLine(e));
        }
        JsonNode selected = JsonPaths.read(root, source.records());
        if (selected == null || selected.isMissingNode() || selected.isNull()) {
            throw new SourceException("records path " + source.records() + " selects nothing in the document");
        }
        JsonRecord.Selection sel = JsonRecord.select(root, source.records());
        if (!sel.matched()) {
            warn.accept("records path " + source.records() + " matched nothing in the document");
        }
        JsonRecord.Included included = JsonRecord.Included.of(root);
        List<RawRecord> out = new ArrayList<>(sel.nodes().size());
        sel.nodes().forEach(n -> out.add(new JsonRecord(n, included)));
        return out;
    }

    /**
     * JSON Feed 1.0 and 1.1. The version is not checked: feedparser and gofeed read any JSON object as a JSON Feed
     * (gofeed's own test feeds say "1.0"), and a partner's wrong version string is no reason to lose its items.
     * Values of the wrong type are read the way feedparser reads them: numbers and booleans as their text
     * (an id of 1 is "1", NaN is "NaN"), objects and lists as no value.
     */
    private List<RawRecord> jsonFeed(byte[] body, String where) {
        JsonNode root;
        try {
            root = JSON_FEED.readTree(body);
        } catch (IOException e) {
            if (Html.looksLikeHtml(body)) {
                throw Html.notAFeed(body, where);
            }
            throw new SourceException("not a valid JSON Feed: " + oneLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new SourceException("not a JSON Feed: the document is not a JSON object");
        }
        JsonNode items = root.path("items");
        if (!items.isMissingNode() && !items.isNull() && !items.isArray()) {
            throw new SourceException("not a JSON Feed: items is not a list");
        }
        URI doc = FeedUrls.httpBase(where);
        URI home = FeedUrls.httpBase(FeedUrls.resolve(doc, scalar(root.path("home_page_url"))));
        List<RawRecord> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                continue;
            }
            List<FeedEntry.Category> tags = new ArrayList<>();
            JsonNode tagNodes = item.path("tags");
            for (JsonNode t : tagNodes.isArray() ? tagNodes : List.of(tagNodes)) {
                String tag = scalar(t);
                if (tag != null && !tag.isBlank()) {
                    tags.add(new FeedEntry.Category(tag.trim(), null));
                }
            }
            List<String> authors = new ArrayList<>();
            item.path("authors").forEach(a -> addIfText(authors, scalar(a.path("name"))));
            addIfText(authors, scalar(item.path("author").path("name")));
            String url = FeedUrls.resolve(doc, scalar(item.path("url")));
            String external = FeedUrls.resolve(doc, scalar(item.path("external_url")));
            List<String> links = new ArrayList<>();
            addIfText(links, url);
            addIfText(links, external);
            URI contentBase = FeedUrls.httpBase(url) != null ? FeedUrls.httpBase(url) : home != null ? home : doc;
            String html = scalar(item.path("content_html"));
            String content = html != null ? FeedUrls.resolveInHtml(html, contentBase) : textAsHtml(scalar(item.path("content_text")));
            out.add(new FeedEntry(scalar(item.path("id")), url == null || url.isBlank() ? external : url, links,
                    escape(scalar(item.path("title"))), textAsHtml(scalar(item.path("summary"))), content, tags,
                    scalar(item.path("date_published")), scalar(item.path("date_modified")), authors, Map.of()));
        }
        return out;
    }

    /** A JSON scalar as text; objects, lists and null are no value. */
    private static String scalar(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() ? null : n.asText();
    }

    /** JSON Feed titles are plain text: escaped, so that the hub's HTML-to-text keeps "&lt;b&gt;" as it was written. */
    private static String escape(String text) {
        return text == null ? null : Entities.escape(text);
    }

    /** Plain text (JSON Feed summary, content_text) as HTML paragraphs, so that it is never read as markup. */
    private static String textAsHtml(String text) {
        if (text == null || text.isBlank()) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (String p : text.replace("\r", "").split("\\n\\s*\\n")) {
            if (!p.isBlank()) {
                b.append("<p>").append(Entities.escape(p.trim())).append("</p>");
            }
        }
        return b.toString();
    }

    private List<RawRecord> xmlFeed(Fetched doc) {
        if (Html.looksLikeHtml(doc.body())) {
            // an HTML page fails the XML parse on its DOCTYPE, and "DOCTYPE is disallowed" tells the facilitator nothing
            throw Html.notAFeed(doc.body(), doc.location());
        }
        SyndFeed feed;
        try {
            Document xml = FeedXml.parse(doc.body(), doc.contentType());
            FeedXml.normalise(xml, doc.location());
            WireFeedInput input = new WireFeedInput(false, Locale.US);
            // FeedXml parsed the text with DOCTYPEs refused; this keeps Rome's own default in case it ever parses
            input.setAllowDoctypes(false);
            WireFeed wire;
            try {
                wire = input.build(xml);
            } catch (IllegalArgumentException e) {
                throw new SourceException("not a readable RSS/Atom feed: the root element <" + xml.getRootElement().getQualifiedName()
                        + "> is not RSS or Atom");
            }
            // in two steps, as SyndFeedInput would do in one, so that the document's tree is garbage before the
            // feed's entries are made: a large feed's tree, Rome's wire feed and its entries do not fit a small heap at once
            xml = null;
            feed = new SyndFeedImpl(wire);
        } catch (JDOMException | IOException | FeedException | IllegalNameException e) {
            throw new SourceException("not a readable RSS/Atom feed: " + oneLine(e));
        } catch (RuntimeException e) {
            if (e instanceof SourceException s) {
                throw s;
            }
            // Rome's converters fail on some odd but well-formed feeds with NPEs and the like
            throw new SourceException("not a readable RSS/Atom feed: " + oneLine(e), e);
        }
        List<RawRecord> out = new ArrayList<>();
        for (SyndEntry e : feed.getEntries()) {
            List<FeedEntry.Category> cats = new ArrayList<>();
            for (SyndCategory c : e.getCategories()) {
                if (c.getName() != null && !c.getName().isBlank()) {
                    cats.add(new FeedEntry.Category(c.getName().trim(), c.getTaxonomyUri()));
                }
            }
            List<String> links = new ArrayList<>();
            addIfText(links, e.getLink());
            for (SyndLink l : e.getLinks()) {
                if (!links.contains(l.getHref())) {
                    addIfText(links, l.getHref());
                }
            }
            List<String> authors = new ArrayList<>();
            for (SyndPerson p : e.getAuthors()) {
                addIfText(authors, p.getName());
            }
            if (authors.isEmpty()) {
                addIfText(authors, e.getAuthor());
            }
            String content = e.getContents().isEmpty() ? null : e.getContents().get(0).getValue();
            SyndContent d = e.getDescription();
            String summary = d == null || d.getValue() == null || d.getValue().isBlank() ? mediaDescription(e) : d.getValue();
            out.add(new FeedEntry(e.getUri(), e.getLink(), links, e.getTitle(), summary, content,
                    cats, e.getPublishedDate() == null ? null : e.getPublishedDate().toInstant().toString(),
                    e.getUpdatedDate() == null ? null : e.getUpdatedDate().toInstant().toString(), authors, dublinCore(e)));
        }
        return out;
    }
    /** Media RSS's description (YouTube and podcast feeds put the only summary there), in a media:group or not. */
    private static String mediaDescription(SyndEntry e) {
        for (Element m : e.getForeignMarkup()) {
            if (MEDIA_RSS.equals(m.getNamespaceURI())) {
                Element description = m.getName().equals("description") ? m : m.getChild("description", m.getNamespace());
                if (description != null && !description.getTextTrim().isEmpty()) {
                    return description.getText();
                }
            }
        }
        return null;
    }

    private static Map<String, List<String>> dublinCore(SyndEntry e) {
        Map<String, List<String>> dc = new LinkedHashMap<>();
        if (e.getModule(DCModule.URI) instanceof DCModule m) {
            put(dc, "coverage", m.getCoverages());
            put(dc, "subject", m.getSubjects().stream().map(s -> s.getValue()).toList());
            put(dc, "creator", m.getCreators());
            put(dc, "contributor", m.getContributors());
            put(dc, "publisher", m.getPublishers());
            put(dc, "language", m.getLanguages());
            put(dc, "type", m.getTypes());
            put(dc, "rights", m.getRightsList());
            put(dc, "source", m.getSources());
            put(dc, "relation", m.getRelations());
            put(dc, "identifier", m.getIdentifiers());
            // Rome lists a null date for an item without one
            put(dc, "date", m.getDates().stream().filter(Objects::nonNull).map(d -> d.toInstant().toString()).toList());
        }
        return dc;
    }

    private static void put(Map<String, List<String>> dc, String key, List<String> values) {
        List<String> v = values.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        if (!v.isEmpty()) {
            dc.put(key, v);
        }
    }

    private static void addIfText(List<String> list, String v) {
        if (v != null && !v.isBlank()) {
            list.add(v.trim());
        }
    }

    /** The reason in one line; Rome wraps the parser's own message ("Invalid XML") around the useful one. */
    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (e instanceof JsonProcessingException j) {
            // Jackson's message carries a "[Source: REDACTED ...]" marker; the line and column say more
            m = j.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "")
                    + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")");
        }
        if (e.getCause() != null && e.getCause() != e && (m == null || m.equals("Invalid XML") || m.equals(e.getCause().toString()))) {
            return oneLine(e.getCause());
        }
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
