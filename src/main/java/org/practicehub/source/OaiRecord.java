package org.practicehub.source;

import java.util.List;
import java.util.Map;

/**
 * One OAI-PMH record in oai_dc. Paths: {@code identifier} and {@code datestamp} from the header,
 * {@code dc:<element>} from the Dublin Core metadata (dc:title, dc:description, dc:subject, ...).
 */
public record OaiRecord(String identifier, String datestamp, Map<String, List<String>> dc, String payload) implements RawRecord {

    @Override
    public List<String> values(String path) {
        return switch (path.trim()) {
            case "identifier" -> identifier == null ? List.of() : List.of(identifier);
            case "datestamp" -> datestamp == null ? List.of() : List.of(datestamp);
            default -> path.startsWith("dc:") ? dc.getOrDefault(path.substring(3), List.of()) : List.of();
        };
    }
}
