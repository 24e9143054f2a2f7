package org.practicehub.run;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.practicehub.mapping.Mapped;
import org.practicehub.store.Outcome;

/** One source's part of a run: counts by outcome, what stayed unmapped, and the error that stopped it, if any. */
@JsonPropertyOrder({"id", "network", "status", "error", "read", "new", "updated", "unchanged", "rejected", "unmapped"})
public class SourceResult {

    private final String sourceId;
    private final String network;
    private int read;
    private int created;
    private int updated;
    private int unchanged;
    private int rejected;
    private String error;
    private final Map<String, Integer> unmapped = new TreeMap<>();

    public SourceResult(String sourceId, String network) {
        this.sourceId = sourceId;
        this.network = network;
    }

    public synchronized void read(int n) {
        read += n;
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
        }
    }

    public synchronized void reject() {
        rejected++;
    }

    public synchronized void failed(String message) {
        error = message;
    }

    @JsonProperty("id")
    public String sourceId() {
        return sourceId;
    }

    @JsonProperty
    public String network() {
        return network;
    }

    @JsonProperty
    public String status() {
        return error == null ? "ok" : "error";
    }

    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String error() {
        return error;
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
