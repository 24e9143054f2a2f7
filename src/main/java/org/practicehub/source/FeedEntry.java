package org.practicehub.source;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of an RSS, Atom or JSON Feed document, whatever the dialect. Paths in mapping files
 * name these elements: id, link, links, title, summary, content, categories, category:&lt;domain&gt;,
 * published, updated, authors, dc:&lt;element&gt;.
 */
public record FeedEntry(
        String id,
        String link,
        List<String> links,
        String title,
        String summary,
        String content,
        List<Category> categories,
        String published,
        String updated,
        List<String> authors,
        Map<String, List<String>> dc) implements RawRecord {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset CP1252 = Charset.forName("windows-1252");

    /**
     * Values as the mapping expects them: ids and links trimmed (blank is none), lists never null, and C1 control
     * characters in text read as the windows-1252 punctuation they almost always are (a "\u0092" is a curly
     * apostrophe typed in Word), as browsers read them.
     */
    public FeedEntry {
        id = trimmed(id);
        link = trimmed(link);
        links = links == null ? List.of() : links.stream().filter(l -> l != null && !l.isBlank()).map(String::trim).distinct().toList();
        title = c1AsWindows1252(title);
        summary = c1AsWindows1252(summary);
        content = c1AsWindows1252(content);
        categories = categories == null ? List.of() : List.copyOf(categories);
        authors = authors == null ? List.of() : List.copyOf(authors);
        dc = dc == null ? Map.of() : Map.copyOf(dc);
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String c1AsWindows1252(String s) {
        if (s == null || !hasC1(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 && c <= 0x9f) {
                String w = new String(new byte[] {(byte) c}, CP1252);
                // the five bytes windows-1252 leaves undefined stay as they were
                b.append(w.charAt(0) == '\uFFFD' ? c : w.charAt(0));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // a loop, not a stream: this runs on every title and summary, mostly before the JIT has compiled streams
    private static boolean hasC1(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 && c <= 0x9f) {
                return true;
            }
        }
        return false;
    }

    /** A category, tag or dc:subject, with its domain (RSS) or scheme (Atom) when given. */
    public record Category(String term, String domain) {}

    @Override
    public List<String> values(String path) {
        String p = path.trim();
        if (p.startsWith("category:")) {
            String domain = p.substring("category:".length());
            return categories.stream().filter(c -> domain.equals(c.domain())).map(Category::term).toList();
        }
        if (p.startsWith("dc:")) {
            return dc.getOrDefault(p.substring(3), List.of());
        }
        return switch (p) {
            case "id", "guid", "uri" -> one(id);
            case "link", "url" -> one(link);
            case "links" -> links;
            case "title" -> one(title);
            case "summary", "description" -> one(summary);
            case "content" -> one(content);
            case "categories", "tags" -> categories.stream().map(Category::term).toList();
            case "published", "pubDate", "date_published" -> one(published);
            case "updated", "date_modified" -> one(updated);
            case "author", "authors" -> authors;
            default -> List.of();
        };
    }

    private static List<String> one(String v) {
        return v == null || v.isBlank() ? List.of() : List.of(v);
    }

    @Override
    public String payload() {
        ObjectNode n = JSON.createObjectNode();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("link", link);
        m.put("title", title);
        m.put("summary", summary);
        m.put("content", content);
        List<String> cats = new ArrayList<>();
        categories.forEach(c -> cats.add(c.domain() == null ? c.term() : c.domain() + ":" + c.term()));
        m.put("categories", cats);
        m.put("published", published);
        m.put("updated", updated);
        m.put("authors", authors);
        m.put("dc", dc);
        m.forEach((k, v) -> {
            if (v != null) {
                n.set(k, JSON.valueToTree(v));
            }
        });
        return n.toString();
    }
}
