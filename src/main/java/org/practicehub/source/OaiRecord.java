package org.practicehub.source;

import java.util.List;
import java.util.Map;

/**
 * One OAI-PMH record. Paths: {@code identifier} and {@code datestamp} from the header; in oai_dc, {@code dc:<element>}
 * from the Dublin Core metadata (dc:title, dc:description, dc:subject, ...); in another format, the XPath the mapping
 * gives, read when the page was ({@link OaiPaths}).
 *
 * @param paths in a format other than oai_dc: each path of the mapping with its values
 */
public record OaiRecord(String identifier, String datestamp, Map<String, List<String>> dc, Map<String, List<String>> paths, String payload)
        implements RawRecord {

    public OaiRecord(String identifier, String datestamp, Map<String, List<String>> dc, String payload) {
        this(identifier, datestamp, dc, Map.of(), payload);
    }

    @Override
    public List<String> values(String path) {
        String p = path.trim();
        return switch (p) {
            case "identifier" -> identifier == null ? List.of() : List.of(identifier);
            case "datestamp" -> datestamp == null ? List.of() : List.of(datestamp);
            default -> paths.containsKey(p) ? paths.get(p) : p.startsWith("dc:") ? dc.getOrDefault(p.substring(3), List.of()) : List.of();
        };
    }
}
