package org.practicehub.source;

import java.nio.file.Path;

/**
 * One file of a CSV drop folder read by a poll: how many rows it gave, and how many of them the poll rejected. A file
 * whose every row was rejected goes to failed/, not done/: its rows are in the rejected list, and a file the hub could
 * use none of is a problem the facilitator must see (a wrong encoding or delimiter, a mapping that does not fit it).
 */
public final class DropFile {

    private final Path path;
    private final int rows;
    private int rejected;
    private String firstReason;

    public DropFile(Path path, int rows) {
        this.path = path;
        this.rows = rows;
    }

    public Path path() {
        return path;
    }

    public String name() {
        return path.getFileName().toString();
    }

    public synchronized void rejected(String reason) {
        if (rejected++ == 0) {
            firstReason = reason;
        }
    }

    /** Why the file is of no use, when every one of its rows was rejected; else null. */
    public synchronized String useless() {
        return rows > 0 && rejected == rows
                ? "every row was rejected (" + rows + (rows == 1 ? " row" : " rows") + "; the first: " + firstReason + ")" : null;
    }
}
