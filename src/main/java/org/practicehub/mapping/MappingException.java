package org.practicehub.mapping;

import java.nio.file.Path;

/** A mapping file that cannot be used: names the file, the line and what is wrong. */
public class MappingException extends RuntimeException {

    public MappingException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
