package org.practicehub.source;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of a paged source (a JSON API, an OAI-PMH repository), read a page at a time while the poll stores
 * them: the poll keeps one page in memory, not all of them, so what a partner's paging can make the hub hold is
 * bounded by the size limit of one page, not by the number of pages. A page that fails to arrive fails the poll
 * from there: what came before it is stored, and the watermark stays where it was, so the next poll asks for it all
 * again. Read once.
 */
public final class PagedRecords implements Iterable<RawRecord> {

    /** One page: its records and the size of the document they came from. */
    public record Page(List<RawRecord> records, long bytes) {
    }

    /** The partner's next page, or null when there is none. */
    @FunctionalInterface
    public interface Cursor {
        Page next();
    }

    private final Cursor cursor;
    private final Room.Hold hold;
    private final List<String> notes;
    /** A 64-bit hash of every record read in this poll: a page of nothing but those is the same page again. */
    private final java.util.Set<Long> seen = new java.util.HashSet<>();
    private int pages;
    private int read;
    private boolean started;
    private volatile boolean stopped;

    /** Pages read as they come, with no check for a page of records read already (a listing whose pages are single records). */
    public PagedRecords(Cursor cursor, Room.Hold hold) {
        this(cursor, hold, null);
    }

    /** @param notes where a stop for a repeating page is said (the poll's notes); null: no such check */
    public PagedRecords(Cursor cursor, Room.Hold hold, List<String> notes) {
        this.cursor = cursor;
        this.hold = hold;
        this.notes = notes;
    }

    /**
     * Whether a page brings only records this poll has read already: a partner that ignores the paging parameter
     * sends its first page again under every URL, which no check of the URLs sees. Paging stops there.
     */
    private boolean repeats(Page p) {
        if (notes == null) {
            return false;
        }
        pages++;
        boolean fresh = p.records().isEmpty();
        for (RawRecord r : p.records()) {
            fresh |= seen.add(hash(r.payload()));
        }
        if (!fresh) {
            notes.add("page " + pages + " brought only records already read in this poll (does the partner ignore the paging"
                    + " parameter?); paging stopped there");
        }
        return !fresh;
    }

    private static long hash(String payload) {
        long h = 1125899906842597L;
        for (int i = 0; i < payload.length(); i++) {
            h = 31 * h + payload.charAt(i);
        }
        return h ^ ((long) payload.length() << 48);
    }

    /** How many records have been read so far: all of them once the iteration has ended. */
    public int read() {
        return read;
    }

    /** No page after the one being read: the poll has failed, so the next poll reads them all again. */
    public void stop() {
        stopped = true;
    }

    @Override
    public synchronized Iterator<RawRecord> iterator() {
        if (started) {
            throw new IllegalStateException("the pages of a poll are read once");
        }
        started = true;
        return new Iterator<>() {
            private Iterator<RawRecord> page = java.util.Collections.emptyIterator();
            private long bytes;
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !ended) {
                    // the page read is stored or waits in the poll's batch: it no longer counts as a document held
                    hold.forget(bytes);
                    bytes = 0;
                    Page p;
                    try {
                        p = stopped ? null : cursor.next();
                    } catch (RuntimeException e) {
                        // the poll fails here; Camel drains a split's iterator when it ends, which must not ask again
                        ended = true;
                        throw e;
                    }
                    if (p == null || repeats(p)) {
                        ended = true;
                    } else {
                        page = p.records().iterator();
                        bytes = p.bytes();
                    }
                }
                return page.hasNext();
            }

            @Override
            public RawRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                read++;
                return page.next();
            }
        };
    }
}
