package org.practicehub.source;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.XmlReaderException;
import com.rometools.rome.io.impl.XmlFixerReader;
import org.jdom2.Attribute;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.IllegalNameException;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import org.jsoup.nodes.Entities;

/**
 * Turns the bytes of an RSS or Atom document into a JDOM document, safely and with some leniency.
 * <p>
 * Safety: the XML parser refuses any DOCTYPE, so no DTD is read and no entity is declared (let alone an
 * external one or a nested expansion): the only entities left are XML's five and character references.
 * It resolves nothing, and runs with the JDK's secure-processing limits on top. Parsing fails, rather than
 * going on unprotected, if the parser does not support one of these features.
 * <p>
 * Leniency, for what real partner feeds get wrong: the encoding is taken from a BOM, then the HTTP
 * charset, then the XML declaration (RFC 7303), with whitespace or comments before the declaration
 * tolerated. A document is parsed as it is first; only when that fails is it parsed again through Rome's
 * healer, which repairs HTML named entities such as {@code &nbsp;} and bare ampersands. When that parse
 * still fails, one retry runs on a repaired text: the DOCTYPE removed (the
 * retry refuses DOCTYPEs all the same, so an entity it declared stays undeclared and the source fails),
 * HTML5 named entities as numeric references, namespace URIs trimmed and undeclared prefixes declared.
 */
final class FeedXml {

    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9._:+-]+)");
    private static final Pattern XMLNS_SPACES = Pattern.compile("(xmlns(?::[\\w.-]+)?\\s*=\\s*)([\"'])\\s*([^\"']*?)\\s*\\2");
    private static final Pattern PREFIX_USE = Pattern.compile("<\\/?([A-Za-z_][\\w.-]*):[A-Za-z_]|\\s([A-Za-z_][\\w.-]*):[A-Za-z_][\\w.-]*\\s*=");
    private static final Pattern PREFIX_DECL = Pattern.compile("xmlns:([A-Za-z_][\\w.-]*)\\s*=");
    private static final Pattern NAMED_ENTITY = Pattern.compile("&([A-Za-z][A-Za-z0-9]*);");
    private static final Set<String> XML_ENTITIES = Set.of("amp", "lt", "gt", "quot", "apos");
    private static final Pattern ROOT_START = Pattern.compile("<([A-Za-z_][\\w.:-]*)");
    /** Where undeclared prefixes most likely belong: the modules partner feeds use without declaring them. */
    private static final Map<String, String> KNOWN_PREFIXES = Map.of(
            "content", "http://purl.org/rss/1.0/modules/content/",
            "dc", "http://purl.org/dc/elements/1.1/",
            "dcterms", "http://purl.org/dc/terms/",
            "atom", "http://www.w3.org/2005/Atom",
            "media", "http://search.yahoo.com/mrss/",
            "itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd",
            "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "slash", "http://purl.org/rss/1.0/modules/slash/",
            "wfw", "http://wellformedweb.org/CommentAPI/",
            "sy", "http://purl.org/rss/1.0/modules/syndication/");
    /**
     * Declared charsets whose real-world use is a superset, as browsers read them (WHATWG Encoding):
     * "us-ascii" and "iso-8859-1" feeds carry windows-1252 quotes, "gb2312" feeds carry GBK characters.
     */
    private static final Map<String, String> SUPERSETS = Map.of(
            "US-ASCII", "windows-1252",
            "ISO-8859-1", "windows-1252",
            "GB2312", "GB18030",
            "GBK", "GB18030");

    private static final String ATOM10 = "http://www.w3.org/2005/Atom";
    private static final Namespace XHTML = Namespace.getNamespace("http://www.w3.org/1999/xhtml");
    private static final Namespace CONTENT = Namespace.getNamespace("content", "http://purl.org/rss/1.0/modules/content/");

    private FeedXml() {}

    /** The parsed document; throws with the healed parse's reason when the repaired text does not parse either. */
    static Document parse(byte[] body, String contentType) throws IOException, JDOMException {
        Decoded d = decoding(body, contentType);
        try {
            // decoded as the parser reads: a whole-document String would be twice a large feed's bytes, and more while made.
            // Most feeds are well-formed, and parse as they are: Rome's healer, which reads a character at a time, was
            // more than half of the parsing's time. What it heals (an HTML entity, a bare ampersand) is not well-formed,
            // so a document that parses without it would parse the same with it.
            return build(d.reader());
        } catch (JDOMException | IllegalNameException malformed) {
            // healed below
        }
        try {
            return healed(new BufferedReader(d.reader()));
        } catch (JDOMException | IllegalNameException first) {
            String text = d.text();
            String repaired = repair(text);
            if (repaired.equals(text)) {
                throw first;
            }
            try {
                return healed(new StringReader(repaired));
            } catch (JDOMException | IllegalNameException second) {
                throw first;
            }
        }
    }

    /** Parsed through Rome's healer: HTML entities as character references, bare ampersands escaped. */
    private static Document healed(Reader text) throws JDOMException, IOException {
        return build(new XmlFixerReader(text));
    }

    private static Document build(Reader text) throws JDOMException, IOException {
        SAXBuilder sax = new SAXBuilder(XMLReaders.NONVALIDATING);
        // an unsupported feature fails the parse here, so none of these can be silently dropped
        sax.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        sax.setFeature("http://xml.org/sax/features/external-general-entities", false);
        sax.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        sax.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        sax.setFeature("http://javax.xml.XMLConstants/feature/secure-processing", true);
        sax.setEntityResolver((publicId, systemId) -> {
            throw new IOException("external reference refused: " + systemId);
        });
        try (text) {
            return sax.build(text);
        }
    }

    // ---- encoding

    /** The document's bytes from where its text starts, and their encoding. */
    record Decoded(byte[] bytes, Charset charset) {

        /** The whole text; a leading BOM dropped. */
        String text() {
            return stripBom(new String(bytes, charset));
        }

        /** The same text, decoded as it is read (malformed bytes become U+FFFD, as in {@link #text}). */
        Reader reader() throws IOException {
            PushbackReader r = new PushbackReader(new InputStreamReader(new ByteArrayInputStream(bytes), charset));
            int first = r.read();
            if (first >= 0 && first != '\uFEFF') {
                r.unread(first);
            }
            return r;
        }
    }

    /** How the document reads as text: BOM, then HTTP charset, then XML declaration, then UTF-8. */
    static Decoded decoding(byte[] body, String contentType) {
        String utf32 = utf32(body);
        if (utf32 != null) {
            return new Decoded(body, Charset.forName(utf32));
        }
        byte[] b = skipLeadingJunk(body);
        String encoding = encodingOf(b, xmlContentType(contentType, hasBom(b)));
        Charset cs = Charset.forName(encoding != null && isSupported(encoding) ? encoding : sniff(b));
        String superset = SUPERSETS.get(cs.name());
        return new Decoded(b, superset != null && isSupported(superset) ? Charset.forName(superset) : cs);
    }

    /**
     * Rome's XmlReader picks the encoding by RFC 3023's rules, leniently when BOM, charset and declaration disagree;
     * null when the document names an encoding the JDK does not know ("bogus", Python's "u16").
     */
    private static String encodingOf(byte[] b, String ct) {
        try {
            return readerEncoding(b, ct, false);
        } catch (XmlReaderException conflict) {
            try {
                return readerEncoding(b, ct, true);
            } catch (IOException | IllegalArgumentException unknown) {
                return null;
            }
        } catch (IOException | IllegalArgumentException unknown) {
            return null;
        }
    }

    private static String readerEncoding(byte[] b, String ct, boolean lenient) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(b);
        try (XmlReader r = ct == null ? new XmlReader(in, lenient) : new XmlReader(in, ct, lenient)) {
            return r.getEncoding();
        }
    }

    /**
     * The content type as Rome's XmlReader should see it. text/xml without a charset means what the document
     * says (RFC 7303 dropped RFC 3023's US-ASCII default); a non-XML type (text/plain, text/html, octet-stream)
     * says nothing about XML but its charset still counts; a BOM outranks any charset.
     */
    static String xmlContentType(String contentType, boolean bom) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Matcher m = CHARSET.matcher(contentType.contains(";") ? contentType.substring(contentType.indexOf(';')) : "");
        String charset = m.find() && isSupported(m.group(1)) ? m.group(1) : null;
        boolean xml = mime.equals("application/xml") || mime.equals("text/xml") || mime.endsWith("+xml")
                || mime.endsWith("/xml-external-parsed-entity");
        if (bom || charset == null) {
            return xml ? "application/xml" : null;
        }
        return "application/xml; charset=" + charset;
    }

    private static boolean isSupported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)
                || b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
    }

    /** UTF-32, which Rome's XmlReader does not detect: by its BOM or by the first '<' in four bytes. */
    private static String utf32(byte[] b) {
        if (b.length < 4) {
            return null;
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        int b3 = b[3] & 0xff;
        if (b0 == 0 && b1 == 0 && (b2 == 0xfe && b3 == 0xff || b2 == 0 && b3 == '<')) {
            return "UTF-32BE";
        }
        if (b2 == 0 && b3 == 0 && (b0 == 0xff && b1 == 0xfe || b0 == '<' && b1 == 0)) {
            return "UTF-32LE";
        }
        return null;
    }

    /** The encoding the bytes themselves show: a BOM, UTF-16 by its zero bytes, else UTF-8. */
    private static String sniff(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || b.length >= 2 && b[0] == 0 && b[1] != 0) {
            return "UTF-16BE";
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe || b.length >= 2 && b[0] != 0 && b[1] == 0) {
            return "UTF-16LE";
        }
        return "UTF-8";
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /**
     * Whitespace and comments before the XML declaration, in an ASCII-compatible document, keep the declaration
     * (and its encoding) from being seen: drop them, keeping a UTF-8 BOM in front.
     */
    private static byte[] skipLeadingJunk(byte[] b) {
        int start = b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
        if (b.length > start && b[start] == 0 || hasBom(b) && start == 0) {
            return b;
        }
        int i = start;
        while (true) {
            while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
                i++;
            }
            if (startsWith(b, i, "<!--")) {
                int end = indexOf(b, i + 4, "-->");
                if (end < 0) {
                    return b;
                }
                i = end + 3;
            } else {
                break;
            }
        }
        // comments before the root are legal; dropping them with the whitespace is harmless
        return i == start || !startsWith(b, i, "<") ? b : slice(b, start, i);
    }

    private static byte[] slice(byte[] b, int bomEnd, int from) {
        byte[] out = new byte[bomEnd + b.length - from];
        System.arraycopy(b, 0, out, 0, bomEnd);
        System.arraycopy(b, from, out, bomEnd, b.length - from);
        return out;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (at + ascii.length() > b.length) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (b[at + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, String ascii) {
        for (int i = from; i + ascii.length() <= b.length; i++) {
            if (startsWith(b, i, ascii)) {
                return i;
            }
        }
        return -1;
    }

    // ---- the repaired text of the one retry

    static String repair(String text) {
        String t = removeDoctype(text);
        t = XMLNS_SPACES.matcher(t).replaceAll("$1$2$3$2");
        t = numericEntities(t);
        return declarePrefixes(t);
    }

    /**
     * HTML named entities that Rome's healer does not know (it has HTML 4's; {@code &check;} is HTML5) as numeric
     * references. XML's own five stay; a name HTML does not know either stays, and the retry fails on it.
     */
    static String numericEntities(String text) {
        Matcher m = NAMED_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String chars = XML_ENTITIES.contains(name) || !Entities.isNamedEntity(name) ? null : Entities.getByName(name);
            String replacement = chars == null || chars.isEmpty() ? m.group()
                    : chars.codePoints().mapToObj(c -> "&#" + c + ";").collect(Collectors.joining());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The text without its DOCTYPE declaration, internal subset included; quoted strings may hold '>' or ']'. */
    static String removeDoctype(String text) {
        int start = indexOfIgnoreCase(text, "<!DOCTYPE");
        if (start < 0) {
            return text;
        }
        int i = start + "<!DOCTYPE".length();
        boolean subset = false;
        char quote = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                subset = true;
            } else if (c == ']') {
                subset = false;
            } else if (c == '>' && !subset) {
                return text.substring(0, start) + text.substring(i + 1);
            }
        }
        return text;
    }

    private static int indexOfIgnoreCase(String text, String what) {
        return text.toUpperCase(Locale.ROOT).indexOf(what.toUpperCase(Locale.ROOT));
    }

    /** Declares, on the root element, the prefixes the document uses without declaring them. */
    /** Where the root element's name ends, past the prolog's declaration, comments and processing instructions. */
    private static int rootNameEnd(String text) {
        int i = 0;
        while ((i = text.indexOf('<', i)) >= 0) {
            if (text.startsWith("<!--", i)) {
                i = text.indexOf("-->", i);
            } else if (text.startsWith("<?", i)) {
                i = text.indexOf("?>", i);
            } else if (text.startsWith("<!", i)) {
                i = text.indexOf('>', i);
            } else {
                Matcher m = ROOT_START.matcher(text);
                return m.find(i) && m.start() == i ? m.end() : -1;
            }
            if (i < 0) {
                return -1;
            }
        }
        return -1;
    }

    static String declarePrefixes(String text) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = PREFIX_USE.matcher(text);
        while (m.find()) {
            used.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        Matcher d = PREFIX_DECL.matcher(text);
        while (d.find()) {
            used.remove(d.group(1));
        }
        used.removeAll(Set.of("xml", "xmlns"));
        if (used.isEmpty()) {
            return text;
        }
        int at = rootNameEnd(text);
        if (at < 0) {
            return text;
        }
        StringBuilder decl = new StringBuilder();
        for (String p : used) {
            decl.append(" xmlns:").append(p).append("=\"").append(KNOWN_PREFIXES.getOrDefault(p, "urn:x-undeclared-prefix:" + p)).append('"');
        }
        return text.substring(0, at) + decl + text.substring(at);
    }

    // ---- fix-ups on the parsed tree, before Rome reads it

    /**
     * Repairs Rome trips over and resolves relative URLs: RSS whose items sit directly under the root or that
     * has no channel at all (Rome fails on a missing channel; feedparser reads the items), Atom 0.3 base64
     * content (Rome's decoder fails on line breaks), and every link, enclosure and content URL made absolute;
     * entry dates are written in the form Rome's date parser tries first ({@link RomeDates}).
     */
    static void normalise(Document doc, String location) {
        Element root = doc.getRootElement();
        addMissingChannel(root);
        decodeBase64(root);
        for (Element item : items(root)) {
            atomHabitsInRss(item);
        }
        resolve(root, FeedUrls.httpBase(location));
    }

    private static List<Element> items(Element root) {
        List<Element> out = new ArrayList<>();
        Element channel = child(root, "channel");
        for (Element parent : channel == null ? List.of(root) : List.of(root, channel)) {
            for (Element c : parent.getChildren()) {
                if (c.getName().equals("item")) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * What RSS items borrow from Atom and XHTML, which Rome's RSS parsers ignore: {@code <link href>} with no text,
     * {@code <id>} for a missing guid, and an {@code xhtml:body} for content:encoded.
     */
    private static void atomHabitsInRss(Element item) {
        Element link = child(item, "link");
        if (link != null && link.getTextTrim().isEmpty()) {
            for (Element l : item.getChildren()) {
                String rel = l.getAttributeValue("rel", "alternate");
                if (l.getName().equals("link") && rel.equals("alternate") && l.getAttributeValue("href") != null) {
                    link.setText(l.getAttributeValue("href"));
                    break;
                }
            }
        }
        Element id = child(item, "id");
        if (child(item, "guid") == null && id != null && !id.getTextTrim().isEmpty()) {
            item.addContent(new Element("guid", item.getNamespace()).setAttribute("isPermaLink", "false").setText(id.getTextTrim()));
        }
        Element body = item.getChild("body", XHTML);
        if (body != null && item.getChild("encoded", CONTENT) == null) {
            String html = new XMLOutputter(Format.getRawFormat()).outputString(body.getContent());
            item.addContent(new Element("encoded", CONTENT).setText(html));
        }
    }

    private static void addMissingChannel(Element root) {
        String name = root.getName().toLowerCase(Locale.ROOT);
        if (!(name.equals("rss") || name.equals("rdf")) || child(root, "channel") != null) {
            return;
        }
        Namespace ns = root.getNamespace();
        if (name.equals("rdf")) {
            Element item = child(root, "item");
            ns = item != null ? item.getNamespace() : root.getNamespace("");
            ns = ns == null || ns == Namespace.NO_NAMESPACE ? Namespace.getNamespace("http://purl.org/rss/1.0/") : ns;
            root.addContent(0, new Element("channel", ns));
            return;
        }
        Element channel = new Element("channel", ns);
        channel.addContent(root.removeContent());
        root.addContent(channel);
    }

    /**
     * Base64 content decoded here, as text when it is text: Atom 0.3's mode="base64", and Atom 1.0 content of a
     * media type that is neither text nor XML (RFC 4287 4.1.3.3), which Rome passes on still encoded.
     */
    private static void decodeBase64(Element e) {
        String type = e.getAttributeValue("type", "").toLowerCase(Locale.ROOT);
        boolean atom03 = "base64".equals(e.getAttributeValue("mode"));
        boolean atom10 = e.getName().equals("content") && e.getNamespace().getURI().equals(ATOM10) && type.contains("/")
                && !type.startsWith("text/") && !type.endsWith("xml") && e.getAttribute("src") == null;
        if (atom03 || atom10) {
            String text = base64Text(e.getTextTrim());
            if (text != null) {
                e.setText(text);
                if (atom03) {
                    e.setAttribute("mode", "escaped");
                } else {
                    e.setAttribute("type", "html");
                }
            }
        }
        for (Element c : e.getChildren()) {
            decodeBase64(c);
        }
    }

    /** The decoded bytes as UTF-8 text, or null when they are not base64 or not text. */
    private static String base64Text(String s) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getMimeDecoder().decode(s))).toString();
        } catch (IllegalArgumentException | CharacterCodingException notText) {
            return null;
        }
    }

    /**
     * Walks the tree with its base: xml:base where given, else the parent's; for the items of an RSS channel the
     * channel's own link (relative links in RSS mean the partner's site, which need not be where the feed is served),
     * then the document's URL.
     */
    private static void resolve(Element e, URI parentBase) {
        URI base = FeedUrls.rebase(parentBase, e.getAttributeValue("base", Namespace.XML_NAMESPACE));
        for (String a : new String[] {"href", "src", "url"}) {
            Attribute attr = e.getAttribute(a);
            if (attr != null) {
                attr.setValue(FeedUrls.resolve(base, attr.getValue()));
            }
        }
        if (e.getChildren().isEmpty() && !e.getText().isBlank()) {
            String date = isDate(e) ? RomeDates.canonical(e.getText()) : null;
            if (date != null) {
                e.setText(date);
            } else if (e.getName().equals("link") && e.getAttribute("href") == null) {
                e.setText(FeedUrls.resolve(base, e.getText()));
            } else {
                String html = FeedUrls.resolveInHtml(e.getText(), base);
                if (!html.equals(e.getText())) {
                    e.setText(html);
                }
            }
        }
        URI site = siteBase(e, base);
        for (Element c : e.getChildren()) {
            resolve(c, c.getName().equals("item") ? site : base);
        }
    }

    /** The dates Rome parses on every entry: RSS 2.0's and Atom 1.0's (walked here anyway, so read in this pass). */
    private static boolean isDate(Element e) {
        String name = e.getName();
        String ns = e.getNamespaceURI();
        return ns.isEmpty() && (name.equals("pubDate") || name.equals("lastBuildDate"))
                || ns.equals(ATOM10) && (name.equals("published") || name.equals("updated"));
    }

    private static URI siteBase(Element e, URI base) {
        Element channel = e.getName().equals("channel") ? e : child(e, "channel");
        Element link = channel == null ? null : child(channel, "link");
        if (link == null || link.getAttribute("href") != null) {
            return base;
        }
        URI site = FeedUrls.httpBase(FeedUrls.resolve(base, link.getTextTrim()));
        return site == null ? base : site;
    }

    private static Element child(Element e, String name) {
        for (Element c : e.getChildren()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
