package org.practicehub.source;

import java.util.concurrent.Semaphore;

/**
 * The heap's room for large partner documents. The launcher gives the heap room for one document at the size limit
 * ({@code hub.fetch.max-bytes}) on top of what the hub holds, but sources are polled in parallel: two documents near
 * the limit read at once ran the process out of memory. A poll whose documents (a feed, the files of a CSV drop: a
 * poll keeps all their records until it stores them; of a paged API, the page it is reading, {@link PagedRecords}) reach a
 * large size waits here until no other poll holds the room, and keeps it until its records are stored, since its
 * tree, its entries and then its records are what fill the heap. Ordinary polls, far below the threshold, never wait.
 */
public final class Room {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.practicehub.source");

    private final long large;
    private final Semaphore gate = new Semaphore(1, true);
    private final java.util.concurrent.atomic.AtomicLong waits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong taken = new java.util.concurrent.atomic.AtomicLong();

    /** @param large the size in bytes from which a document counts as large */
    public Room(long large) {
        this.large = large;
    }

    /** An eighth of the size limit: the parse of a document takes several times its size, and four polls run at once. */
    public static Room forLimit(long maxBytes) {
        return new Room(Math.max(1, maxBytes / 8));
    }

    /** Whether no poll holds the room. */
    public boolean free() {
        return gate.availablePermits() == 1;
    }

    /** How many times a poll with a large document has waited for another's (since the start). */
    public long waits() {
        return waits.get();
    }

    /** How many polls have held the room (since the start). */
    public long taken() {
        return taken.get();
    }

    /** For one poll: takes the room when the poll's documents reach a large size, gives it back when closed. */
    public Hold open(String sourceId) {
        return new Hold(sourceId);
    }

    public final class Hold implements AutoCloseable {

        private final String sourceId;
        private long read;
        private boolean held;

        private Hold(String sourceId) {
            this.sourceId = sourceId;
        }

        /** The poll has read a document of this many bytes, to be parsed: once its documents are large, it waits for the room. */
        public synchronized void admit(long bytes) {
            read += bytes;
            if (held || read < large) {
                return;
            }
            try {
                if (!gate.tryAcquire()) {
                    waits.incrementAndGet();
                    LOG.info("source {}: large documents ({} bytes) wait until another poll's are stored", sourceId, read);
                    gate.acquire();
                }
                taken.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted while waiting for room for a large document");
            }
            held = true;
        }

        /**
         * The poll no longer keeps a document it admitted (a page it has read through): it counts no more towards
         * large. The room, once taken, is kept until {@link #close}.
         */
        public synchronized void forget(long bytes) {
            read = Math.max(0, read - bytes);
        }

        public synchronized boolean held() {
            return held;
        }

        /** Gives the room back; more than once is harmless. */
        @Override
        public synchronized void close() {
            if (held) {
                held = false;
                gate.release();
            }
        }
    }
}
