package org.practicehub.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.practicehub.publish.AtomicFiles;
import org.practicehub.source.Harvest;
import org.practicehub.source.RetryLater;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceGone;
import org.practicehub.store.Json;
import org.practicehub.store.SourceStates;

/** Opens and closes run reports, and keeps each source's health up to date after every poll. */
public class Runs {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Runs.class);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path reportsDir;
    private final SourceStates states;
    private final Clock clock;
    private final PrintStream console;
    private final HubMetrics metrics;
    private final java.util.function.Supplier<org.practicehub.store.Pending> pending;

    public Runs(Path reportsDir, SourceStates states, Clock clock, PrintStream console) {
        this(reportsDir, states, clock, console, HubMetrics.none(), () -> {
            throw new IllegalStateException("these runs store no records");
        });
    }

    /** @param pending a new batch of mapped records waiting to be stored, for each poll (store.PracticeStore#pending) */
    public Runs(Path reportsDir, SourceStates states, Clock clock, PrintStream console, HubMetrics metrics,
            java.util.function.Supplier<org.practicehub.store.Pending> pending) {
        this.metrics = metrics;
        this.pending = pending;
        this.reportsDir = reportsDir;
        this.states = states;
        this.clock = clock;
        this.console = console;
    }

    public RunReport begin() {
        return new RunReport(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** A poll of a source, its result inside a run's report when there is one (a scheduled poll in service mode has none). */
    public Poll start(RunReport report, SourceDef source) {
        return new Poll(source, (report == null ? new SourceResult(source.id(), source.network()) : report.source(source.id(), source.network()))
                .startedAt(clock.instant()));
    }

    /** What the poll read, with a batch for its mapped records (made now: the batch's records were read before it). */
    public void harvested(Poll poll, Harvest harvest) {
        poll.read(harvest, pending.get());
    }

    public void failed(Poll poll, Exception e) {
        SourceResult result = poll.result();
        metrics.sourceFailure(result.sourceId());
        // the JDK's terse words ("Input length = 1", a bare EOFException) explained for the facilitator
        String msg = e.getCause() instanceof Error err ? internal(err) : org.practicehub.source.Failures.explain(e);
        result.failed(msg.replaceAll("\\s+", " ").trim(), e instanceof RetryLater r ? r.at() : null, e instanceof SourceGone);
    }

    /**
     * An error (a stack overflow, a class missing) reaches the route wrapped, and the wrapper's message names only the
     * exchange: the report says what the error was.
     */
    private static String internal(Error err) {
        return "internal error: " + err.getClass().getSimpleName() + (err.getMessage() == null ? "" : ": " + err.getMessage());
    }

    /** A source not polled this time: reported with the reason, and its state left as it was. */
    public void skipped(Poll poll, Exception e) {
        poll.result().skipped(e.getMessage());
        metrics.poll(poll.result().sourceId(), "skipped");
    }

    public void withdrawn(Poll poll) {
        metrics.record(poll.result().sourceId(), "withdrawn");
        poll.result().withdraw();
    }

    /** What the poll read, once its records are split (or it failed; none if it failed before reading). */
    public void read(Poll poll) {
        SourceResult result = poll.result();
        Harvest harvest = poll.harvest();
        if (harvest == null) {
            return;
        }
        result.read(harvest.read());
        if (harvest.notModified()) {
            result.notModified();
        }
        harvest.notes().forEach(result::note);
    }

    public void mapped(Poll poll, org.practicehub.mapping.Mapped m) {
        poll.result().mapped(m);
    }

    private void stored(SourceResult result, org.practicehub.store.Outcome o) {
        metrics.record(result.sourceId(), o.name().toLowerCase(java.util.Locale.ROOT));
        result.stored(o);
    }

    public void storedAll(Poll poll, java.util.List<org.practicehub.store.Outcome> outcomes) {
        outcomes.forEach(o -> stored(poll.result(), o));
    }

    public void rejected(Poll poll, String reason) {
        metrics.record(poll.result().sourceId(), "rejected");
        poll.result().reject(reason);
    }

    /** A record the mapper read, before it is checked: which of the mapping's paths found something. */
    public void matched(Poll poll, org.practicehub.mapping.Mapped m) {
        poll.result().matched(m);
    }

    /**
     * Once the poll's records are stored, before anything is kept for the next poll: a poll that read records and could
     * use none of them has failed. It keeps no validators or watermark, so that once the mapping is put right the next
     * poll reads the records again, and it backs off like any failure until then.
     */
    public void judge(Poll poll) {
        SourceResult result = poll.result();
        Harvest harvest = poll.harvest();
        if (result.failure() == null && result.read() > 0 && result.rejected() == result.read()) {
            result.failed("every record read was rejected (" + result.read() + " of " + result.read() + "; the first: "
                    + result.firstRejection() + ")", null, false);
        }
        warnings(result, harvest);
    }

    /**
     * After what the poll could keep is kept: what it left unusable (a CSV file moved to failed/) fails it, so the
     * facilitator sees it in the console and the source backs off.
     */
    public void settled(Poll poll) {
        SourceResult result = poll.result();
        Harvest harvest = poll.harvest();
        if (harvest != null) {
            harvest.notes().forEach(result::note);
        }
        if (harvest != null && !harvest.problems().isEmpty() && result.failure() == null) {
            result.failed(String.join("; ", harvest.problems()), null, false);
        }
    }

    private static void warnings(SourceResult result, Harvest harvest) {
        if (harvest != null) {
            // what was noted since the records were read: a CSV file moved to failed/
            harvest.notes().forEach(result::note);
            harvest.warnings().forEach(result::warn);
        }
        int n = result.mappedRecords();
        for (String field : result.unmatchedFields()) {
            result.warn(field + " matched nothing in " + (n == 1 ? "the poll's one record" : "any of the poll's " + n + " records"));
        }
    }

    public void polled(Poll poll) {
        SourceResult result = poll.result();
        metrics.poll(result.sourceId(), result.status());
        try {
            states.record(result);
        } catch (RuntimeException e) {
            if (result.error() == null) {
                throw e;
            }
            // the poll failed already, most likely because the database is away: the failure is logged by the route and
            // counted; its state is written by the next poll that reaches the database
            LOG.warn("source {}: its failure could not be recorded either: {}", result.sourceId(), e.getMessage());
        }
    }

    /**
     * The poll is over: what it read is let go, since a cycle's parallel split keeps every source's exchange until the
     * last source is done (10 MB of feeds would stay in the heap through the depository and digest phases). Its result
     * is what the route answers.
     */
    public SourceResult done(Poll poll) {
        poll.done();
        return poll.result();
    }

    public void depository(RunReport report, java.util.Map<String, Object> counts) {
        if (report != null) {
            report.depository(counts);
            report.mark("depository");
        }
    }

    public void pushed(RunReport report, java.util.Map<String, Integer> counts) {
        metrics.pushes(counts);
        if (report != null) {
            report.pushes(counts);
            report.mark("pushes");
        }
    }

    public void sourcesDone(RunReport report) {
        if (report != null) {
            report.mark("sources");
        }
    }

    public void digest(RunReport report, DigestResult result) {
        metrics.digest(result);
        if (report != null) {
            report.digest(result);
            report.mark("digests");
        }
    }

    /** Writes data/reports/run-&lt;UTC timestamp&gt;.json and prints the summary. */
    public Path finish(RunReport report) {
        report.finish(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Path file = reportsDir.resolve("run-" + STAMP.format(report.getStartedAt()) + ".json");
        try {
            AtomicFiles.write(file, Json.pretty(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report " + file, e);
        }
        console.print(report.summary());
        console.println("  report: " + file);
        return file;
    }
}
