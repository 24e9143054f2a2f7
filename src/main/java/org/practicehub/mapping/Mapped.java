package org.practicehub.mapping;

import java.time.Instant;
import java.util.List;

import org.practicehub.model.Practice;

/**
 * A partner record mapped onto the schema, before the store gives it a hub id and provenance.
 *
 * @param recordId the record's id at the partner (falls back to its link)
 * @param url      the record's page at the partner
 * @param origins   for a record read from another hub: where each of its network records started; else empty
 * @param unmatched the fields of the mapping file whose paths found nothing in this record, as "fields.title ($.name)":
 *                  when one finds nothing in any record of a poll, the path is most likely wrong, and the report says so
 * @param replaced  how many characters of the partner's values XML or JSON cannot carry were replaced (see {@link Chars})
 */
public record Mapped(String recordId, String url, Instant published, Instant updated, Practice practice, List<Origin> origins,
        List<String> unmatched, int replaced) {

    public Mapped {
        origins = origins == null ? List.of() : List.copyOf(origins);
        unmatched = unmatched == null ? List.of() : List.copyOf(unmatched);
    }

    public Mapped(String recordId, String url, Instant published, Instant updated, Practice practice, List<Origin> origins,
            List<String> unmatched) {
        this(recordId, url, published, updated, practice, origins, unmatched, 0);
    }

    public Mapped(String recordId, String url, Instant published, Instant updated, Practice practice, List<Origin> origins) {
        this(recordId, url, published, updated, practice, origins, List.of(), 0);
    }

    public Mapped(String recordId, String url, Instant published, Instant updated, Practice practice) {
        this(recordId, url, published, updated, practice, List.of(), List.of(), 0);
    }

    /**
     * One network record behind a practice another hub publishes, as that hub's provenance gives it.
     *
     * @param hub     the hub that read the record from its network (null when the publishing hub did not say)
     * @param network the network that carries it
     * @param key     the record's identity at its origin, the same through however many hubs it travels
     */
    public record Origin(String hub, String network, String key, String url, Instant published, Instant updated) {}
}
