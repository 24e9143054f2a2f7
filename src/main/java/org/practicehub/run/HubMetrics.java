package org.practicehub.run;

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
 * The hub's own meters, next to Camel's, on the Prometheus registry served at /observe/metrics. Counters count what
 * this instance did; gauges read the shared store, so every instance on one database reports the same value for them.
 */
public class HubMetrics {

    private final Supplier<MeterRegistry> find;
    private final List<Runnable> gauges = new ArrayList<>();
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
                    gauges.forEach(Runnable::run);
                }
                r = registry;
            }
        }
        return r;
    }

    /** Binds the meters to Camel's registry now (after Camel started), so that gauges are there at the first scrape. */
    public void bind() {
        registry();
    }

    /** A record of a source was stored (new, updated, unchanged), rejected or withdrawn. */
    public void record(String sourceId, String outcome) {
        Counter.builder("hub.records").description("records read from partner sources, by source and outcome")
                .tags("source", sourceId, "outcome", outcome).register(registry()).increment();
    }

    public void sourceFailure(String sourceId) {
        Counter.builder("hub.source.failures").description("polls of a source that failed").tag("source", sourceId)
                .register(registry()).increment();
    }

    /** A push pass's counts: delivered, failed (retried later), deadLettered. */
    public void pushes(Map<String, Integer> counts) {
        counts.forEach((outcome, n) -> {
            if (!outcome.equals("queued") && n > 0) {
                Counter.builder("hub.push.deliveries").description("deliveries to partner repositories, by outcome")
                        .tag("outcome", outcome).register(registry()).increment(n);
            }
        });
    }

    /** A digest run: its messages sent (or written to the outbox), or the run failed. */
    public void digest(DigestResult r) {
        if (r == null) {
            return;
        }
        Counter.builder("hub.digests").description("digest runs that sent, wrote or failed, by digest and status")
                .tags("digest", r.id(), "status", r.status()).register(registry()).increment();
        if (r.messages() > 0 && !"failed".equals(r.status())) {
            Counter.builder("hub.digest.messages").description("digest messages sent or written").tags("digest", r.id(), "status", r.status())
                    .register(registry()).increment(r.messages());
        }
    }

    /** A value read from the store when scraped (merges, dead letters); NaN when the store cannot be read. */
    public synchronized <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        gauges.add(() -> Gauge.builder(name, source, s -> {
            try {
                return value.applyAsDouble(s);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).register(registry));
    }
}
