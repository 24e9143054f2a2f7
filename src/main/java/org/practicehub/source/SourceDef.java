package org.practicehub.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One partner source, as declared by its file in the mappings folder.
 *
 * @param url      http(s) URL, or a file path relative to the mapping file's folder
 * @param schedule poll interval in service mode ("30m", "6h") or a Quartz cron; null for the default
 * @param records  JSONPath selecting the records of a json source
 * @param fields   schema field name to its place in the record; merged over the kind's defaults
 * @param values   schema field name to the partner's labels and the controlled value each one means
 * @param defaults schema field name to the values used when the record has none
 * @param options  the kind's own options (CSV format, paging, auth, OAI-PMH set)
 * @param file     the mapping file, for messages
 */
public record SourceDef(
        String id,
        String network,
        Kind kind,
        String url,
        String schedule,
        String records,
        String language,
        boolean enabled,
        Map<String, FieldSpec> fields,
        Map<String, Map<String, String>> values,
        Map<String, List<String>> defaults,
        SourceOptions options,
        Path file) {

    /** Where to fetch from: a URL as given, or a file resolved against the mapping file's folder. */
    public String location() {
        if (url.matches("(?i)^https?://.*")) {
            return url;
        }
        String path = url.startsWith("file:") ? url.substring(5) : url;
        Path base = file == null ? Path.of(".") : file.toAbsolutePath().getParent();
        return base.resolve(path).normalize().toString();
    }

    /**
     * A digest of what decides how records are read and mapped (not the schedule): validators and a watermark kept with
     * one mapping would hide from another the records the first could not use.
     */
    public String mappingHash() {
        String text = String.join("\n", kind.label(), url, String.valueOf(records), String.valueOf(language), String.valueOf(fields),
                String.valueOf(values), String.valueOf(defaults), String.valueOf(options));
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isHttp() {
        return url.matches("(?i)^https?://.*");
    }
}
