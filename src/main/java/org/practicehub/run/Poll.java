package org.practicehub.run;

import org.practicehub.source.Harvest;
import org.practicehub.source.SourceDef;
import org.practicehub.store.Pending;

/**
 * One poll of one source, as the poll route carries it from the read to the report: the source, its part of the run's
 * report, what the poll read, and the mapped records waiting to be stored together. Once the poll is over what it read
 * is let go ({@link #done}), since a cycle's parallel split keeps every source's exchange until the last source is done.
 */
public final class Poll {

    private final SourceDef source;
    private final SourceResult result;
    private volatile Harvest harvest;
    private volatile Pending pending;

    public Poll(SourceDef source, SourceResult result) {
        this.source = source;
        this.result = result;
    }

    public SourceDef source() {
        return source;
    }

    public SourceResult result() {
        return result;
    }

    /** What the poll read; null before the read and once the poll is over. */
    public Harvest harvest() {
        return harvest;
    }

    /** The mapped records waiting to be stored; null before the read and once the poll is over. */
    public Pending pending() {
        return pending;
    }

    /** Whether a failure has ended the poll: its later records wait for the next one. */
    public boolean failed() {
        return result.error() != null;
    }

    void read(Harvest h, Pending p) {
        harvest = h;
        pending = p;
    }

    void done() {
        harvest = null;
        pending = null;
    }

    /** A poll is equal only to itself: Camel's bean cache hashes the objects a route calls methods on. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
