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
    JSON("json"),
    /** A paged JSON API in the partner's own shape, polled incrementally. */
    JSON_API("json-api"),
    /** A drop folder of CSV files: processed files move to done/, failed ones to failed/. */
    CSV("csv"),
    /** An OAI-PMH repository, harvested as oai_dc with resumption tokens. */
    OAI_PMH("oai-pmh"),
    /**
     * Another Practice Hub's {@code /api/practices}: schema v1 records, paged by {@code Link: rel="next"},
     * polled incrementally, each keeping the provenance it had at its origin.
     */
    HUB("hub"),
    /** An HTML listing page with no feed: items and their fields read with CSS selectors, optionally their detail pages. */
    HTML("html");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isFeed() {
        return this == FEED || this == RSS || this == ATOM || this == JSONFEED;
    }

    /** Kinds whose records are picked from JSON by a JSONPath. */
    public boolean isJson() {
        return this == JSON || this == JSON_API || this == HUB;
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
