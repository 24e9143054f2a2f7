package org.practicehub.source;

import java.io.EOFException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.util.zip.ZipException;

/**
 * A failure in words a facilitator can act on. Some of the JDK's say nothing to someone who did not write the code:
 * "Input length = 1" (a file in another encoding than the one declared), a bare EOFException (a body or a file cut
 * short), "Not in GZIP format". Those are explained, with the JDK's words kept after the explanation; any other
 * failure keeps its own message.
 */
public final class Failures {

    private Failures() {}

    public static String explain(Throwable e) {
        String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable c = e; c != null; c = c.getCause()) {
            String why = known(c);
            if (why != null) {
                String detail = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
                String where = c == e || e.getMessage() == null ? "" : context(e.getMessage(), c);
                return (where.isEmpty() ? "" : where + ": ") + why + " (" + detail + ")";
            }
        }
        return own;
    }

    private static String known(Throwable c) {
        if (c instanceof MalformedInputException || c instanceof UnmappableCharacterException || c instanceof CharacterCodingException) {
            return "bytes that are not text in the declared encoding: the data is in another one (a CSV drop declares it with"
                    + " csv: { encoding: windows-1252 }, for example; a feed or JSON document should say it in its Content-Type"
                    + " or XML declaration)";
        }
        if (c instanceof EOFException || c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("Unexpected end of ZLIB input stream")) {
            return "the data ended before it was complete: the connection closed early, or a compressed body or file was cut short";
        }
        if (c instanceof ZipException) {
            return "a body sent as gzip-compressed that is not valid gzip";
        }
        return null;
    }

    /** What the outer failure said before the JDK's own words (which it often ends with), e.g. "cannot fetch URL". */
    private static String context(String outer, Throwable inner) {
        String tail = String.valueOf(inner);
        int at = outer.indexOf(tail);
        if (at < 0 && inner.getMessage() != null) {
            at = outer.indexOf(inner.getMessage());
        }
        String head = at >= 0 ? outer.substring(0, at) : outer;
        return head.replaceAll("[:\\s]+$", "").trim();
    }
}
