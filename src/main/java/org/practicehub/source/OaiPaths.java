package org.practicehub.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Paths into an OAI-PMH record's metadata in a format other than oai_dc: XPath 1.0 from the format's root element
 * ({@code mods:titleInfo/mods:title}, {@code dim:field[@element='title']}). Prefixes are the mapping's own
 * ({@code oai.namespaces}), the usual ones of repository formats, or those the record declares.
 */
final class OaiPaths {

    /** The prefixes of the formats DSpace, EPrints and Invenio offer besides oai_dc. */
    static final Map<String, String> KNOWN = known();

    private OaiPaths() {}

    private static Map<String, String> known() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("oai", OaiPmh.OAI);
        m.put("dc", OaiPmh.DC);
        m.put("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/");
        m.put("dcterms", "http://purl.org/dc/terms/");
        m.put("dim", "http://www.dspace.org/xmlns/dspace/dim");
        m.put("mods", "http://www.loc.gov/mods/v3");
        m.put("marc", "http://www.loc.gov/MARC21/slim");
        m.put("datacite", "http://datacite.org/schema/kernel-4");
        m.put("oai_datacite", "http://schema.datacite.org/oai/oai-1.1/");
        m.put("ep", "http://eprints.org/ep2/data/2.0");
        m.put("uketd_dc", "http://naca.central.cranfield.ac.uk/ethos-oai/2.0/");
        m.put("uketdterms", "http://naca.central.cranfield.ac.uk/ethos-oai/terms/");
        m.put("xsi", "http://www.w3.org/2001/XMLSchema-instance");
        m.put("xlink", "http://www.w3.org/1999/xlink");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static XPath xpath(NamespaceContext ns) {
        XPathFactory f = XPathFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException(e);
        }
        XPath x = f.newXPath();
        x.setNamespaceContext(ns);
        return x;
    }

    /** Null when the path compiles (any prefix taken as declared), else why not: for the mapping file's check. */
    static String problem(String path) {
        try {
            xpath(context(Map.of(), null, true)).compile(path);
            return null;
        } catch (XPathExpressionException e) {
            return e.getMessage() != null ? e.getMessage() : e.getCause() != null ? e.getCause().getMessage() : "not an XPath expression";
        }
    }

    /** The values of each path in the metadata whose root is {@code root}: text of elements, values of attributes. */
    static Map<String, List<String>> read(Element root, List<String> paths, Map<String, String> own) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        XPath x = xpath(context(own, root, false));
        for (String p : paths) {
            List<String> values = new ArrayList<>();
            try {
                NodeList nodes = (NodeList) x.evaluate(p, root, XPathConstants.NODESET);
                for (int i = 0; i < nodes.getLength(); i++) {
                    Node n = nodes.item(i);
                    String v = n instanceof Attr a ? a.getValue() : n.getTextContent();
                    if (v != null && !v.isBlank()) {
                        values.add(v.trim());
                    }
                }
            } catch (XPathExpressionException notNodes) {
                try {
                    // string(...), concat(...): a value, not nodes
                    String v = x.evaluate(p, root);
                    if (v != null && !v.isBlank()) {
                        values.add(v.trim());
                    }
                } catch (XPathExpressionException e) {
                    throw new SourceException("OAI-PMH path " + p + " cannot be read: " + e.getMessage());
                }
            }
            out.put(p, values);
        }
        return out;
    }

    private static NamespaceContext context(Map<String, String> own, Element scope, boolean any) {
        return new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                if (own.containsKey(prefix)) {
                    return own.get(prefix);
                }
                if (KNOWN.containsKey(prefix)) {
                    return KNOWN.get(prefix);
                }
                String declared = scope == null ? null : scope.lookupNamespaceURI(prefix);
                if (declared != null) {
                    return declared;
                }
                return any ? "urn:practicehub:check" : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                return java.util.Collections.emptyIterator();
            }
        };
    }
}
