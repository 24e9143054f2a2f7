package org.practicehub.run;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a facilitator asked to run now (a cycle, a poll of one source, a digest): the HTTP request that asks answers at
 * once and the work goes on in the background, so no request waits on a partner or an SMTP server. Each job is kept
 * here, with its result or its error, for the API's {@code GET /api/runs/{id}} and the console. A second request for
 * the same work while it runs gets the running job, not a second run beside it. Only the last {@link #KEPT} ended jobs
 * are kept: this is a window on recent runs, not their history (the run reports and the source health are that).
 */
public final class Jobs {

    static final int KEPT = 100;

    /** A job's kind: one full cycle, one source's poll, one digest's run. */
    public enum Kind {
        CYCLE, POLL, DIGEST;

        /** As the API writes it, and the route that does the work ends in it ({@code direct:job-poll}). */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One job. {@code fresh}: begun by this request (false when the same work was already running and this is that job).
     * {@code result}: the run report (cycle), the source's result (poll) or the digest's result, once done.
     */
    public record Job(String id, Kind kind, String target, String status, Instant startedAt, Instant endedAt, Object result, String error,
            boolean fresh) {

        public boolean running() {
            return "running".equals(status);
        }

        /** Where the API shows this job. */
        public String href() {
            return "/api/runs/" + id;
        }

        Job ended(String status, Instant at, Object result, String error) {
            return new Job(id, kind, target, status, startedAt, at, result, error, false);
        }

        Job again() {
            return new Job(id, kind, target, status, startedAt, endedAt, result, error, false);
        }
    }

    private final Clock clock;
    private final AtomicLong next = new AtomicLong();
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public Jobs(Clock clock) {
        this.clock = clock;
    }

    /** A job for this work: a new one, or the one already running for the same kind and target. */
    public synchronized Job begin(Kind kind, String target) {
        String t = target == null ? "" : target;
        for (Job j : jobs.values()) {
            if (j.running() && j.kind() == kind && j.target().equals(t)) {
                return j.again();
            }
        }
        Job j = new Job(Long.toString(next.incrementAndGet()), kind, t, "running", clock.instant(), null, null, null, true);
        jobs.put(j.id(), j);
        return j;
    }

    public Job cycle() {
        return begin(Kind.CYCLE, "");
    }

    public Job poll(String sourceId) {
        return begin(Kind.POLL, sourceId);
    }

    public Job digest(String digestId) {
        return begin(Kind.DIGEST, digestId);
    }

    public synchronized void done(Job job, Object result) {
        end(job, "done", result, null);
    }

    public synchronized void failed(Job job, Throwable error) {
        String message = error == null ? "failed" : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        end(job, "failed", null, message);
    }

    private void end(Job job, String status, Object result, String error) {
        jobs.put(job.id(), jobs.getOrDefault(job.id(), job).ended(status, clock.instant(), result, error));
        int ended = (int) jobs.values().stream().filter(j -> !j.running()).count();
        var it = jobs.values().iterator();
        while (ended > KEPT && it.hasNext()) {
            if (!it.next().running()) {
                it.remove();
                ended--;
            }
        }
    }

    public synchronized Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The jobs running now, for the console's "running" marks. */
    public synchronized List<Job> running() {
        return new ArrayList<>(jobs.values().stream().filter(Job::running).toList());
    }

    /** The last job for this work, running or ended. */
    public synchronized Optional<Job> latest(Kind kind, String target) {
        Job last = null;
        for (Job j : jobs.values()) {
            if (j.kind() == kind && j.target().equals(target)) {
                last = j;
            }
        }
        return Optional.ofNullable(last);
    }

    public boolean running(Kind kind, String target) {
        return running().stream().anyMatch(j -> j.kind() == kind && j.target().equals(target));
    }
}
