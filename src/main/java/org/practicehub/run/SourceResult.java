package org.practicehub.run;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.practicehub.mapping.Mapped;
import org.practicehub.store.Outcome;

/** One source's part of a run: counts by outcome, what stayed unmapped, and the error that stopped it, if any. */
@JsonPropertyOrder({"id", "network", "status", "error", "warnings", "notes", "read", "new", "updated", "unchanged", "echoes", "rejected", "withdrawn",
    "unmapped", "unmappedValues"})
public class SourceResult {

    private final String sourceId;
    private final String network;
    private int read;
    private int created;
    private int updated;
    private int unchanged;
    private int echoes;
    private int rejected;
    private int withdrawn;
    private String error;
    private String skipped;
    private boolean notModified;
    private boolean gone;
    private java.time.Instant retryAt;
    private java.time.Instant startedAt;
    private final java.util.List<String> notes = new java.util.ArrayList<>();
    private final Map<String, Integer> unmapped = new TreeMap<>();
    /** Per field, each value that matched nothing with how many records gave it; at most {@link #MAX_VALUES} values a field. */
    private final Map<String, Map<String, Integer>> unmappedValues = new TreeMap<>();
    private final java.util.List<String> warnings = new java.util.ArrayList<>();
    /** How many records reached the mapper, and per mapped field (with its path) how many of them gave it no value. */
    private int mappedRecords;
    private final Map<String, Integer> unmatched = new java.util.LinkedHashMap<>();
    private String firstRejection;
    static final int MAX_VALUES = 200;
    private int replaced;
    private int replacedRecords;

    public SourceResult(String sourceId, String network) {
        this.sourceId = sourceId;
        this.network = network;
    }

    /** When the poll began, by the hub's clock; null when unknown. */
    public synchronized java.time.Instant startedAt() {
        return startedAt;
    }

    public synchronized SourceResult startedAt(java.time.Instant at) {
        startedAt = at;
        return this;
    }

    /** How many records the poll read: said once it has read them all, or again when it fails after that. */
    public synchronized void read(int n) {
        read = n;
    }

    public synchronized void mapped(Mapped m) {
        if (m.replaced() > 0) {
            replaced += m.replaced();
            replacedRecords++;
        }
        if (m.practice().unmapped() != null) {
            m.practice().unmapped().forEach((field, values) -> {
                unmapped.merge(field, values.size(), Integer::sum);
                Map<String, Integer> byValue = unmappedValues.computeIfAbsent(field, k -> new java.util.LinkedHashMap<>());
                for (String v : values) {
                    if (byValue.containsKey(v) || byValue.size() < MAX_VALUES) {
                        byValue.merge(v, 1, Integer::sum);
                    }
                }
            });
        }
    }

    /** A record the mapper read, before it is checked: which mapped fields (their paths) found nothing in it. */
    public synchronized void matched(Mapped m) {
        mappedRecords++;
        m.unmatched().forEach(f -> unmatched.merge(f, 1, Integer::sum));
    }

    /** The mapped fields whose paths found nothing in any record the poll mapped: a wrong path, most likely. */
    public synchronized java.util.List<String> unmatchedFields() {
        java.util.List<String> out = new java.util.ArrayList<>();
        unmatched.forEach((f, n) -> {
            if (n == mappedRecords) {
                out.add(f);
            }
        });
        return out;
    }

    public synchronized int mappedRecords() {
        return mappedRecords;
    }

    public synchronized void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    public synchronized void stored(Outcome o) {
        switch (o) {
            case NEW -> created++;
            case UPDATED -> updated++;
            case UNCHANGED -> unchanged++;
            case ECHO -> echoes++;
        }
    }

    public synchronized void reject(String reason) {
        if (rejected++ == 0) {
            firstRejection = reason;
        }
    }

    /** Why the first record of the poll was rejected, or null. */
    public synchronized String firstRejection() {
        return firstRejection;
    }

    public synchronized void withdraw() {
        withdrawn++;
    }

    public synchronized void failed(String message, java.time.Instant retryAt, boolean gone) {
        this.error = message;
        this.retryAt = retryAt;
        this.gone = gone;
    }

    public synchronized void skipped(String reason) {
        this.skipped = reason;
    }

    public synchronized void notModified() {
        this.notModified = true;
    }

    public synchronized void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /** When the partner asked to be polled again (Retry-After), if it did. */
    public java.time.Instant retryAt() {
        return retryAt;
    }

    /** True when the partner answered 410 Gone. */
    public boolean gone() {
        return gone;
    }

    @JsonProperty("id")
    public String sourceId() {
        return sourceId;
    }

    @JsonProperty
    public String network() {
        return network;
    }

    /** ok, not-modified (304), skipped (deactivated or backing off), or error. */
    @JsonProperty
    public String status() {
        if (error != null) {
            return "error";
        }
        if (skipped != null) {
            return "skipped";
        }
        return notModified ? "not-modified" : "ok";
    }

    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String error() {
        return error != null ? error : skipped;
    }

    /** A source error that counts as a failure (a skip does not). */
    public String failure() {
        return error;
    }

    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public synchronized java.util.List<String> notes() {
        if (replaced == 0) {
            return notes;
        }
        java.util.List<String> all = new java.util.ArrayList<>(notes);
        all.add(replaced + " characters that XML and JSON cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates) in "
                + replacedRecords + " records: replaced with U+FFFD");
        return all;
    }

    /** What the facilitator should look at although the poll may have worked: a path that matched nothing. */
    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public java.util.List<String> warnings() {
        return warnings;
    }

    @JsonProperty
    public int withdrawn() {
        return withdrawn;
    }

    @JsonProperty
    public int read() {
        return read;
    }

    @JsonProperty("new")
    public int created() {
        return created;
    }

    @JsonProperty
    public int updated() {
        return updated;
    }

    @JsonProperty
    public int unchanged() {
        return unchanged;
    }

    /** Practices another hub sent back that started here: recognised and not stored again. */
    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public int echoes() {
        return echoes;
    }

    @JsonProperty
    public int rejected() {
        return rejected;
    }

    /** Values that matched no controlled entry, counted by schema field. */
    @JsonProperty
    public Map<String, Integer> unmapped() {
        return unmapped;
    }

    /** The same, by value: "themes": {"Reintegración": 14}, so that the value can be added to the mapping. */
    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<String, Map<String, Integer>> unmappedValues() {
        return unmappedValues;
    }
}
