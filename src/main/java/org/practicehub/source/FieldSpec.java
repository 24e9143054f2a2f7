package org.practicehub.source;

/**
 * Where one schema field comes from in a partner record.
 *
 * @param path  JSONPath (json) or feed element name (feeds)
 * @param split separator for values packed into one string ("Belize; Canada"), or null
 */
public record FieldSpec(String path, String split) {

    public static FieldSpec of(String path) {
        return new FieldSpec(path, null);
    }
}
