package org.practicehub.publish.digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages the SMTP server (or the outbox) took, appended to a file before their delivery is committed, for the
 * embedded store only. H2 writes a commit to its file up to half a second later (its write delay): a process killed
 * in that time loses the commits of messages already sent, and the next run would send them again. A line written to
 * this file is in the operating system's hands at once, so it survives the process; at the next start the deliveries
 * it names that the store lost are committed again ({@link Digests#recover}), and nobody gets an edition twice. The file
 * is emptied once the store has written every commit out (a checkpoint, when no run is under way). PostgreSQL commits
 * are durable: no journal there. Not covered, as with H2's own file: the machine losing power.
 */
public final class SentJournal {

    /** One delivery: what {@link Digests#delivered} commits. */
    public record Entry(long editionId, String digestId, String subscriptionId, String email, long upTo, String how, String messageId,
            int practices) {

        String line() {
            return editionId + "\t" + digestId + "\t" + dash(subscriptionId) + "\t" + email + "\t" + upTo + "\t" + how + "\t" + dash(messageId)
                    + "\t" + practices + "\n";
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 8) {
                throw new IllegalArgumentException("not a journal line");
            }
            return new Entry(Long.parseLong(f[0]), f[1], undash(f[2]), f[3], Long.parseLong(f[4]), f[5], undash(f[6]), Integer.parseInt(f[7]));
        }

        private static String dash(String s) {
            return s == null ? "-" : s.replaceAll("[\\t\\r\\n]", " ");
        }

        private static String undash(String s) {
            return s.equals("-") ? null : s;
        }
    }

    private final Path file;
    private final Runnable checkpoint;
    private FileChannel out;
    private int runs;

    /** @param checkpoint writes every commit of the store out to its file */
    public SentJournal(Path file, Runnable checkpoint) {
        this.file = file;
        this.checkpoint = checkpoint;
    }

    public synchronized void sent(Entry e) {
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            ByteBuffer b = ByteBuffer.wrap(e.line().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                out.write(b);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the digest journal " + file, ex);
        }
    }

    /** Every line written, but a last one the process was killed in the middle of. */
    public synchronized List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    entries.add(Entry.parse(line));
                } catch (IllegalArgumentException torn) {
                    // a line cut short by the kill: its message's commit had not begun
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the digest journal " + file, ex);
        }
        return entries;
    }

    public synchronized void runStarted() {
        runs++;
    }

    /** A run ended; the last one running empties the journal once the store's commits are all on disk. */
    public synchronized void runEnded() {
        runs = Math.max(0, runs - 1);
        if (runs == 0) {
            clear();
        }
    }

    /** After a checkpoint, nothing the journal holds can be lost by the store any more. */
    public synchronized void clear() {
        checkpoint.run();
        try {
            if (out != null) {
                out.close();
                out = null;
            }
            Files.deleteIfExists(file);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot empty the digest journal " + file, ex);
        }
    }
}
