package org.practicehub.source;

import java.util.List;

/** A record the partner says it deleted (OAI-PMH status="deleted"): its practice is withdrawn, not mapped. */
public record Deleted(String recordId, String payload) implements RawRecord {

    @Override
    public List<String> values(String path) {
        return List.of();
    }
}
