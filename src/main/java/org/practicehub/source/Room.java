package org.practicehub.source;

import java.util.concurrent.Semaphore;

/**
 * The heap's room for large partner documents. The launcher gives the heap room for one document at the size limit
 * ({@code hub.fetch.max-bytes}) on top of what the hub holds, but sources are polled in parallel: four documents near
 * the limit read at once ran the process out of memory. A poll whose document, or one of its pages, is large waits
 * here until no other poll holds a large one, and keeps its place until its records are stored, since its tree, its
 * entries and then its records are what fill the heap. Ordinary documents, far below the threshold, never wait.
 */
public final class Room {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.practicehub.source");

    private final long large;
    private final Semaphore gate = new Semaphore(1, true);
    private final java.util.concurrent.atomic.AtomicLong waits = new java.util.concurrent.atomic.AtomicLong();

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

    /** For one poll: takes the room when the poll meets a large document, gives it back when closed. */
    public Hold open(String sourceId) {
        return new Hold(sourceId);
    }

    public final class Hold implements AutoCloseable {

        private final String sourceId;
        private boolean held;

        private Hold(String sourceId) {
            this.sourceId = sourceId;
        }

        /** A document of this many bytes is about to be read or parsed: a large one waits for the room. */
        public synchronized void admit(long bytes) {
            if (held || bytes < large) {
                return;
            }
            try {
                if (!gate.tryAcquire()) {
                    waits.incrementAndGet();
                    LOG.info("source {}: a large document ({} bytes) waits until another poll's large document is stored", sourceId, bytes);
                    gate.acquire();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted while waiting for room for a large document");
            }
            held = true;
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
