package org.practicehub.source;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a partner publishes its records. */
public enum Kind {
    /** RSS, Atom or JSON Feed, detected from the document. */
    FEED("feed"),
    RSS("rss"),
    ATOM("atom"),
    JSONFEED("jsonfeed"),
    /** One JSON document in the partner's own shape; records picked by a JSONPath. */
    JSON("json");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isFeed() {
        return this != JSON;
    }

    public static Kind of(String label) {
        for (Kind k : values()) {
            if (k.label.equalsIgnoreCase(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + label + "' (expected one of " + labels() + ")");
    }

    public static String labels() {
        return Arrays.stream(values()).map(Kind::label).collect(Collectors.joining(", "));
    }
}
