package org.practicehub.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

/** Splits a fetched document into raw records, by the source's kind. */
public class Parser {

    private static final ObjectMapper JSON = new ObjectMapper();

    public List<RawRecord> parse(SourceDef source, Fetched doc) {
        byte[] body = doc.body();
        return switch (source.kind()) {
            case JSON, JSON_API -> json(source, body);
            case JSONFEED -> jsonFeed(body, doc.location());
            case RSS, ATOM -> xmlFeed(body, doc.location());
            case FEED -> looksLikeJson(body) ? jsonFeed(body, doc.location()) : xmlFeed(body, doc.location());
            case CSV, OAI_PMH -> throw new IllegalArgumentException(source.kind().label() + " sources are read by their own reader");
        };
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

    private List<RawRecord> json(SourceDef source, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new SourceException("not valid JSON: " + oneLine(e));
        }
        JsonNode selected = JsonPath.using(JsonRecord.JSONPATH).parse(root).read(source.records());
        List<RawRecord> out = new ArrayList<>();
        if (selected == null || selected.isMissingNode() || selected.isNull()) {
            throw new SourceException("records path " + source.records() + " selects nothing in the document");
        }
        if (selected.isArray()) {
            selected.forEach(n -> out.add(new JsonRecord(n)));
        } else {
            out.add(new JsonRecord(selected));
        }
        return out;
    }

    private List<RawRecord> jsonFeed(byte[] body, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new SourceException("not a valid JSON Feed: " + oneLine(e));
        }
        String version = root.path("version").asText("");
        if (!version.startsWith("https://jsonfeed.org/version/1")) {
            throw new SourceException("not a JSON Feed (version is '" + version + "')");
        }
        List<RawRecord> out = new ArrayList<>();
        for (JsonNode item : root.path("items")) {
            List<FeedEntry.Category> tags = new ArrayList<>();
            item.path("tags").forEach(t -> tags.add(new FeedEntry.Category(t.asText(), null)));
            List<String> authors = new ArrayList<>();
            item.path("authors").forEach(a -> addIfText(authors, a.path("name").asText(null)));
            addIfText(authors, item.path("author").path("name").asText(null));
            List<String> links = new ArrayList<>();
            addIfText(links, item.path("url").asText(null));
            addIfText(links, item.path("external_url").asText(null));
            String content = item.hasNonNull("content_html") ? item.get("content_html").asText() : item.path("content_text").asText(null);
            out.add(new FeedEntry(item.path("id").asText(null), item.path("url").asText(item.path("external_url").asText(null)), links,
                    item.path("title").asText(null), item.path("summary").asText(null), content, tags,
                    item.path("date_published").asText(null), item.path("date_modified").asText(null), authors, Map.of()));
        }
        return out;
    }

    private List<RawRecord> xmlFeed(byte[] body, String where) {
        SyndFeed feed;
        try {
            feed = build(body, false);
        } catch (FeedException | IOException | IllegalArgumentException strict) {
            // Rome's XML healer (undeclared HTML entities, junk before the declaration) doubles the parse
            // time, so it is the second try, for the feeds that need it
            try {
                feed = build(body, true);
            } catch (FeedException | IOException | IllegalArgumentException e) {
                throw new SourceException("not a readable RSS/Atom feed: " + oneLine(e));
            }
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
            out.add(new FeedEntry(e.getUri(), e.getLink(), links, e.getTitle(), d == null ? null : d.getValue(), content,
                    cats, e.getPublishedDate() == null ? null : e.getPublishedDate().toInstant().toString(),
                    e.getUpdatedDate() == null ? null : e.getUpdatedDate().toInstant().toString(), authors, dublinCore(e)));
        }
        return out;
    }

    private static SyndFeed build(byte[] body, boolean healer) throws FeedException, IOException {
        SyndFeedInput input = new SyndFeedInput();
        // Rome refuses DOCTYPE by default; saying so keeps it that way if a default ever changes
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(healer);
        return input.build(new XmlReader(new ByteArrayInputStream(body), true));
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
            put(dc, "date", m.getDates().stream().filter(java.util.Objects::nonNull).map(d -> d.toInstant().toString()).toList());
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

    private static String oneLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
