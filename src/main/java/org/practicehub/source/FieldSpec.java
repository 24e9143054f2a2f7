package org.practicehub.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one schema field comes from in a partner record.
 *
 * @param path     JSONPath (json), feed element name (feeds), column (csv), CSS selector (html), or a template of
 *                 such paths in braces ("https://data.example.org/dataset/{$.name}")
 * @param split    separator for values packed into one string ("Belize; Canada"), or null
 * @param included for a JSON:API document: the path, within a resource of the document's {@code included}, of the
 *                 label that the relationship ids found at {@code path} stand for; or null
 */
public record FieldSpec(String path, String split, String included) {

    /** A placeholder of a template: a path in braces. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    public FieldSpec(String path, String split) {
        this(path, split, null);
    }

    public static FieldSpec of(String path) {
        return new FieldSpec(path, null, null);
    }

    /** Whether the path is a template that builds the value from others. */
    public boolean isTemplate() {
        return PLACEHOLDER.matcher(path).find();
    }

    /** The record paths this field reads: the template's placeholders, or its path. */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(path);
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        if (out.isEmpty()) {
            out.add(path);
        }
        return out;
    }
}
