package org.practicehub.source;

/**
 * The options of one source kind, from its mapping file; null where the kind does not use them.
 *
 * @param csv    drop-folder reading: delimiter and declared encoding
 * @param paging how a json-api source pages
 * @param since  the query parameter that asks a json-api source for records changed since the last good poll
 * @param auth   a header sent with every request, its value from an environment variable
 * @param oai    OAI-PMH harvesting: set and metadata prefix
 * @param html   an HTML listing: item selector, next-link selector, detail link, page bound
 */
public record SourceOptions(Csv csv, Paging paging, String since, Auth auth, Oai oai, Html html) {

    public static final SourceOptions NONE = new SourceOptions(null, null, null, null, null, null);

    public SourceOptions(Csv csv, Paging paging, String since, Auth auth, Oai oai) {
        this(csv, paging, since, auth, oai, null);
    }

    /**
     * @param items    CSS selector of one item of the listing
     * @param next     CSS selector of the link to the listing's next page (its href), or null for one page
     * @param detail   CSS selector, within an item, of the link to its detail page (with {@code @attr}, default href), or null
     *                 for the item's {@code link} field
     * @param maxPages a bound on the listing's pages
     */
    public record Html(String items, String next, String detail, int maxPages) {}

    public record Csv(char delimiter, String encoding) {
        public static final Csv DEFAULT = new Csv(',', "UTF-8");
    }

    /**
     * @param mode       page (page numbers), offset, cursor (a value from the response), link (RFC 8288 rel="next"), or
     *                   next (the next page's URL in the response)
     * @param param      the query parameter carrying the page number, offset or cursor
     * @param sizeParam  the query parameter carrying the page size, if the API takes one
     * @param cursorPath JSONPath of the next cursor (cursor mode) or of the next page's URL (next mode) in a response
     * @param maxPages   a bound, so that an API that never stops cannot keep the hub polling forever
     */
    public record Paging(String mode, String param, String sizeParam, int size, int start, String cursorPath, int maxPages) {}

    /** @param env the environment variable holding the secret: never the secret itself in a file */
    public record Auth(String header, String env, String prefix) {}

    /**
     * @param namespaces prefixes for the paths of a metadata format other than oai_dc, beyond the well-known ones and those
     *                   the records declare
     */
    public record Oai(String set, String metadataPrefix, java.util.Map<String, String> namespaces) {
        public static final Oai DEFAULT = new Oai(null, "oai_dc", java.util.Map.of());

        public Oai(String set, String metadataPrefix) {
            this(set, metadataPrefix, java.util.Map.of());
        }

        public boolean dublinCore() {
            return "oai_dc".equals(metadataPrefix);
        }
    }
}
