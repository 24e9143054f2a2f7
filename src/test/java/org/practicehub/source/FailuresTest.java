package org.practicehub.source;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDK's terse failures ("Input length = 1", a bare EOFException) reach the facilitator explained. */
class FailuresTest {

    @Test
    void terseJdkFailuresAreExplainedWithTheirOwnWordsKept() {
        assertThat(Failures.explain(new UncheckedIOException(new MalformedInputException(1))))
                .contains("not text in the declared encoding", "csv: { encoding: windows-1252 }", "(Input length = 1)");
        assertThat(Failures.explain(new SourceException("cannot read drop/a.csv: java.io.EOFException", new EOFException())))
                .startsWith("cannot read drop/a.csv: the data ended before it was complete").endsWith("(EOFException)");
        assertThat(Failures.explain(new SourceException("HTTP 500 from http://partner.example/feed"))).isEqualTo("HTTP 500 from http://partner.example/feed");
    }

    @Test
    void aGzipBodyCutShortIsExplained() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("[{\"ref\": \"1\", \"name\": \"A practice\"}]".repeat(50).getBytes());
        }
        byte[] cut = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        try (PartnerServer partner = new PartnerServer()) {
            partner.on("/cut", r -> new Answer(200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), cut));
            Fetcher fetcher = new Fetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000, "test", Clock.systemUTC());
            try (Room.Hold hold = new Room(1_000_000).open("test")) {
                assertThatThrownBy(() -> fetcher.get(partner.url("/cut"), Map.of(), hold)).satisfies(e -> assertThat(Failures.explain(e))
                        .startsWith("cannot fetch " + partner.url("/cut")).contains("the data ended before it was complete"));
            }
        }
    }
}
