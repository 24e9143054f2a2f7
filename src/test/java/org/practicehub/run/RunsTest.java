package org.practicehub.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunsTest {

    // failed() only fills the source's result: no report is written, no state stored
    private final Runs runs = new Runs(Path.of("reports"), null, Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));

    @Test
    void aSourceFailureIsReportedWithItsOwnMessage() {
        SourceResult r = new SourceResult("partner", "Partner network");
        runs.failed(new Poll(null, r), new IllegalStateException("HTTP 500 from\n https://partner.example.org/feed"));
        assertThat(r.error()).isEqualTo("HTTP 500 from https://partner.example.org/feed");
    }

    @Test
    void anErrorWrappedOnTheWayIsReportedAsItself() {
        // what Camel hands the route's error handler when a bean throws an Error: a wrapper naming only the exchange
        SourceResult r = new SourceResult("partner", "Partner network");
        runs.failed(new Poll(null, r), new RuntimeException("Exception occurred during execution on the exchange: Exchange[1]", new StackOverflowError()));
        assertThat(r.error()).isEqualTo("internal error: StackOverflowError");
        SourceResult q = new SourceResult("partner", "Partner network");
        runs.failed(new Poll(null, q), new RuntimeException("Exception occurred during execution on the exchange: Exchange[2]",
                new NoClassDefFoundError("org/example/Missing")));
        assertThat(q.error()).isEqualTo("internal error: NoClassDefFoundError: org/example/Missing");
    }
}
