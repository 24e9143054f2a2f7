package org.practicehub.run;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.practicehub.mapping.Mapped;
import org.practicehub.store.Outcome;

/** One source's part of a run: counts by outcome, what stayed unmapped, and the error that stopped it, if any. */
@JsonPropertyOrder({"id", "network", "status", "error", "notes", "read", "new", "updated", "unchanged", "echoes", "rejected", "withdrawn", "unmapped"})
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
        if (m.practice().unmapped() != null) {
            m.practice().unmapped().forEach((field, values) -> unmapped.merge(field, values.size(), Integer::sum));
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

    public synchronized void reject() {
        rejected++;
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
    public java.util.List<String> notes() {
        return notes;
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
}
