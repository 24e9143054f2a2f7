package org.practicehub.source;

/**
 * The options of one source kind, from its mapping file; null where the kind does not use them.
 *
 * @param csv    drop-folder reading: delimiter and declared encoding
 * @param paging how a json-api source pages
 * @param since  the query parameter that asks a json-api source for records changed since the last good poll
 * @param auth   a header sent with every request, its value from an environment variable
 * @param oai    OAI-PMH harvesting: set and metadata prefix
 */
public record SourceOptions(Csv csv, Paging paging, String since, Auth auth, Oai oai) {

    public static final SourceOptions NONE = new SourceOptions(null, null, null, null, null);

    public record Csv(char delimiter, String encoding) {
        public static final Csv DEFAULT = new Csv(',', "UTF-8");
    }

    /**
     * @param mode       page (page numbers), offset, cursor (a value from the response), or link (RFC 8288 rel="next")
     * @param param      the query parameter carrying the page number, offset or cursor
     * @param sizeParam  the query parameter carrying the page size, if the API takes one
     * @param cursorPath JSONPath of the next cursor in a response (cursor mode)
     * @param maxPages   a bound, so that an API that never stops cannot keep the hub polling forever
     */
    public record Paging(String mode, String param, String sizeParam, int size, int start, String cursorPath, int maxPages) {}

    /** @param env the environment variable holding the secret: never the secret itself in a file */
    public record Auth(String header, String env, String prefix) {}

    public record Oai(String set, String metadataPrefix) {
        public static final Oai DEFAULT = new Oai(null, "oai_dc");
    }
}
