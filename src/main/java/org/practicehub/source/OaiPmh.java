package org.practicehub.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Harvests an OAI-PMH repository: ListRecords in oai_dc (or another metadata format, read by path: {@link OaiPaths}), following resumption tokens, asking only for
 * records changed since the last good poll ({@code from}). Deleted records come back as {@link Deleted},
 * so their practices are withdrawn. Pages are fetched by the hub's own {@link Fetcher}, with its
 * timeouts and size limit (camel-oaipmh's client has neither), parsed with DTDs refused, and read one at a time
 * while the poll stores their records ({@link PagedRecords}).
 */
public class OaiPmh {

    static final String OAI = "http://www.openarchives.org/OAI/2.0/";
    static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_PAGES = 10_000;

    private final Fetcher fetcher;

    public OaiPmh(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Null when a path into a metadata format other than oai_dc compiles as XPath, else why not. */
    public static String pathProblem(String path) {
        return OaiPaths.problem(path);
    }

    public Harvest read(SourceDef source, String baseUrl, Map<String, String> headers, Instant since, Instant pollStart, Room.Hold room) {
        SourceOptions.Oai oai = source.options().oai() == null ? SourceOptions.Oai.DEFAULT : source.options().oai();
        String first = JsonApi.with(baseUrl, "verb", "ListRecords");
        first = JsonApi.with(first, "metadataPrefix", oai.metadataPrefix());
        if (oai.set() != null) {
            first = JsonApi.with(first, "set", oai.set());
        }
        if (since != null) {
            first = JsonApi.with(first, "from", UTC_SECONDS.format(since.truncatedTo(ChronoUnit.SECONDS)));
        }
        String from = since == null ? "" : " from " + UTC_SECONDS.format(since);
        // in another format than oai_dc, the mapping's paths are read as each page is, and the page's tree let go
        List<String> paths = new ArrayList<>();
        if (!oai.dublinCore()) {
            source.fields().values().forEach(spec -> spec.paths().stream()
                    .filter(p -> !p.equals("identifier") && !p.equals("datestamp") && !paths.contains(p)).forEach(paths::add));
        }
        List<String> notes = new ArrayList<>();
        String start = first;
        PagedRecords.Cursor cursor = new PagedRecords.Cursor() {
            private String url = start;
            private int pages;
            private final java.util.Set<String> tokens = new java.util.HashSet<>();

            @Override
            public PagedRecords.Page next() {
                if (url == null) {
                    if (pages >= 0) {
                        notes.add(pages + (pages == 1 ? " page" : " pages") + from);
                        pages = -1;
                    }
                    return null;
                }
                if (++pages > MAX_PAGES) {
                    throw new SourceException("more than " + MAX_PAGES + " resumption pages from " + baseUrl);
                }
                byte[] body = fetcher.get(url, headers, room).body();
                Document doc = parse(body, url);
                List<RawRecord> records = new ArrayList<>();
                Element error = child(doc.getDocumentElement(), OAI, "error");
                if (error != null) {
                    if (!"noRecordsMatch".equals(error.getAttribute("code"))) {
                        throw new SourceException("OAI-PMH error " + error.getAttribute("code") + ": " + error.getTextContent().trim());
                    }
                    url = null;
                    return new PagedRecords.Page(records, body.length);
                }
                Element list = child(doc.getDocumentElement(), OAI, "ListRecords");
                if (list == null) {
                    throw new SourceException("not an OAI-PMH ListRecords response: " + url);
                }
                String token = null;
                for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && OAI.equals(e.getNamespaceURI())) {
                        if ("record".equals(e.getLocalName())) {
                            records.add(record(e, oai, paths));
                        } else if ("resumptionToken".equals(e.getLocalName())) {
                            token = e.getTextContent().trim();
                        }
                    }
                }
                if (token != null && !token.isEmpty() && !tokens.add(token)) {
                    // a repository that hands out the same token again would be asked for the same page for ever
                    notes.add("the repository sent resumption token " + (token.length() > 80 ? token.substring(0, 80) + "…" : token) + " twice; harvesting stopped there");
                    token = null;
                }
                url = token == null || token.isEmpty() ? null
                        : JsonApi.with(JsonApi.with(baseUrl, "verb", "ListRecords"), "resumptionToken", token);
                return new PagedRecords.Page(records, body.length);
            }
        };
        // the notes' list itself: the pages add to it as they are read
        return new Harvest(new PagedRecords(cursor, room, notes), false, null, null, null, pollStart, List.of(), notes, new ArrayList<>(),
                new ArrayList<>());
    }

    private static RawRecord record(Element rec, SourceOptions.Oai oai, List<String> paths) {
        Element header = child(rec, OAI, "header");
        String id = header == null ? null : text(child(header, OAI, "identifier"));
        String datestamp = header == null ? null : text(child(header, OAI, "datestamp"));
        String payload = serialise(rec);
        if (header != null && "deleted".equals(header.getAttribute("status"))) {
            return new Deleted(id, payload);
        }
        Map<String, List<String>> dc = new LinkedHashMap<>();
        Element metadata = child(rec, OAI, "metadata");
        if (metadata != null && oai.dublinCore()) {
            NodeList all = metadata.getElementsByTagNameNS(DC, "*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                String v = e.getTextContent().trim();
                if (!v.isEmpty()) {
                    dc.computeIfAbsent(e.getLocalName(), k -> new ArrayList<>()).add(v);
                }
            }
        }
        Map<String, List<String>> values = Map.of();
        if (metadata != null && !oai.dublinCore()) {
            Element root = null;
            for (Node n = metadata.getFirstChild(); n != null && root == null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    root = e;
                }
            }
            if (root != null) {
                values = OaiPaths.read(root, paths, oai.namespaces());
            }
        }
        return new OaiRecord(id, datestamp, dc, values, payload);
    }

    static Document parse(byte[] body, String where) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new SourceException("not readable OAI-PMH XML from " + where + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String ns, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    private static String serialise(Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (TransformerException ex) {
            return e.getTextContent();
        }
    }
}
