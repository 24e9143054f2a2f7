package org.practicehub.run;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The hub's own meters, next to Camel's, on the Prometheus registry served at /observe/metrics, named by Prometheus'
 * conventions: what only grows is a counter ({@code _total}), there from the start at zero for every source, digest
 * and outcome (a rate over a series that appears at its first failure misses that failure); what is now is a gauge.
 * Counters count what this instance did; gauges read the shared store, so every instance on one database reports the
 * same value for them.
 */
public class HubMetrics {

    /** Outcomes of a record: the store's (new, updated, unchanged, echo), rejected by the mapping, withdrawn by its source. */
    public static final List<String> RECORD_OUTCOMES = List.of("new", "updated", "unchanged", "echo", "rejected", "withdrawn");
    /** What a poll came to (SourceResult.status). */
    public static final List<String> POLL_STATUSES = List.of("ok", "not-modified", "error", "skipped");
    public static final List<String> PUSH_OUTCOMES = List.of("delivered", "failed", "deadLettered");
    /** What a digest run came to (DigestResult.status). */
    public static final List<String> DIGEST_STATUSES = List.of("sent", "written", "nothing-new", "not-due", "failed", "busy");

    private final Supplier<MeterRegistry> find;
    private final List<Runnable> atBind = new ArrayList<>();
    private volatile MeterRegistry registry;

    /** @param find Camel's registry, once its metrics service has made one (null until then, or when metrics are off) */
    public HubMetrics(Supplier<MeterRegistry> find) {
        this.find = find;
    }

    /** Meters that go nowhere (tests that build a Runs by hand). */
    public static HubMetrics none() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        return new HubMetrics(() -> r);
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry found = find.get();
                    registry = found == null ? new SimpleMeterRegistry() : found;
                    atBind.forEach(Runnable::run);
                }
                r = registry;
            }
        }
        return r;
    }

    /** Binds the meters to Camel's registry now (after Camel started), so that every series is there at the first scrape. */
    public void bind() {
        registry();
    }

    private synchronized void whenBound(Runnable register) {
        if (registry != null) {
            register.run();
        } else {
            atBind.add(register);
        }
    }

    private Counter records(String sourceId, String outcome) {
        return Counter.builder("hub.records").description("records read from partner sources, by source and outcome")
                .tags("source", sourceId, "outcome", outcome).register(registry);
    }

    private Counter polls(String sourceId, String status) {
        return Counter.builder("hub.polls").description("polls of a source, by what they came to: ok, not-modified, error, skipped")
                .tags("source", sourceId, "status", status).register(registry);
    }

    private Counter failures(String sourceId) {
        return Counter.builder("hub.source.failures").description("polls of a source that failed").tag("source", sourceId).register(registry);
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("hub.push.deliveries").description("deliveries to partner repositories, by outcome").tag("outcome", outcome)
                .register(registry);
    }

    private Counter digests(String digestId, String status) {
        return Counter.builder("hub.digests").description("digest runs, by digest and what they came to").tags("digest", digestId, "status", status)
                .register(registry);
    }

    private Counter messages(String digestId, String status) {
        return Counter.builder("hub.digest.messages").description("digest messages sent (or written to the outbox)")
                .tags("digest", digestId, "status", status).register(registry);
    }

    /** Every source's and digest's counters at zero, before anything happened to them. */
    public void known(List<String> sourceIds, List<String> digestIds) {
        whenBound(() -> {
            for (String s : sourceIds) {
                RECORD_OUTCOMES.forEach(o -> records(s, o));
                POLL_STATUSES.forEach(p -> polls(s, p));
                failures(s);
            }
            PUSH_OUTCOMES.forEach(this::deliveries);
            for (String d : digestIds) {
                DIGEST_STATUSES.forEach(st -> digests(d, st));
                List.of("sent", "written").forEach(st -> messages(d, st));
            }
        });
    }

    /** A record of a source was stored (new, updated, unchanged, echo), rejected or withdrawn. */
    public void record(String sourceId, String outcome) {
        registry();
        records(sourceId, outcome).increment();
    }

    /** A poll ended: ok, not-modified, error or skipped. */
    public void poll(String sourceId, String status) {
        registry();
        polls(sourceId, status).increment();
    }

    public void sourceFailure(String sourceId) {
        registry();
        failures(sourceId).increment();
    }

    /** A push pass's counts: delivered, failed (retried later), deadLettered. */
    public void pushes(Map<String, Integer> counts) {
        registry();
        counts.forEach((outcome, n) -> {
            if (!outcome.equals("queued") && n > 0) {
                deliveries(outcome).increment(n);
            }
        });
    }

    /** A digest run: its messages sent (or written to the outbox), or the run failed. */
    public void digest(DigestResult r) {
        if (r == null) {
            return;
        }
        registry();
        digests(r.id(), r.status()).increment();
        if (r.messages() > 0 && !"failed".equals(r.status())) {
            messages(r.id(), r.status()).increment(r.messages());
        }
    }

    /** A value read from the store when scraped (merged pairs, dead letters); NaN when the store cannot be read. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        whenBound(() -> Gauge.builder(name, source, s -> {
            try {
                return value.applyAsDouble(s);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).register(registry));
    }

    /**
     * When each of these last succeeded, read from the store at most once a second however many series a scrape
     * reads: {@code <prefix>.last.success.timestamp} (seconds since the epoch; 0: never) and
     * {@code <prefix>.last.success.age} (seconds since; +Inf: never, so that an alert on age fires for it too).
     */
    public void freshness(String prefix, String tag, List<String> ids, Supplier<Map<String, Instant>> read, Clock clock, String what) {
        Memo memo = new Memo(read, clock);
        for (String id : ids) {
            whenBound(() -> {
                Gauge.builder(prefix + ".last.success.timestamp", memo, m -> safely(() -> {
                    Instant at = m.get().get(id);
                    return at == null ? 0 : at.toEpochMilli() / 1000.0;
                })).tag(tag, id).baseUnit("seconds").description("when " + what + " last succeeded, in seconds since the epoch (0: never)")
                        .register(registry);
                Gauge.builder(prefix + ".last.success.age", memo, m -> safely(() -> {
                    Instant at = m.get().get(id);
                    return at == null ? Double.POSITIVE_INFINITY : Math.max(0, clock.millis() - at.toEpochMilli()) / 1000.0;
                })).tag(tag, id).baseUnit("seconds").description("seconds since " + what + " last succeeded (+Inf: never)").register(registry);
            });
        }
    }

    /** NaN when the store cannot be read at the scrape. */
    private static double safely(java.util.function.DoubleSupplier value) {
        try {
            return value.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A store read shared by the series of one scrape. */
    private static final class Memo {
        private final Supplier<Map<String, Instant>> read;
        private final Clock clock;
        private Map<String, Instant> value;
        private long at = Long.MIN_VALUE;

        Memo(Supplier<Map<String, Instant>> read, Clock clock) {
            this.read = read;
            this.clock = clock;
        }

        synchronized Map<String, Instant> get() {
            long now = clock.millis();
            if (value == null || now - at >= 1000) {
                value = read.get();
                at = now;
            }
            return value;
        }
    }
}
