package org.practicehub.publish.partner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.JsonPath;
import org.practicehub.model.Practice;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.PushOutbox;

/**
 * Pushes new and changed practices to the partner repositories that asked for them. It reads the
 * store's change events from its own mark into an outbox (one row per practice version per partner),
 * then delivers what is due: signed (HMAC-SHA256 over timestamp and body), with an Idempotency-Key of
 * practice id and version, retried with exponential backoff and dead-lettered after the partner's
 * maximum attempts. A practice is never pushed to the network it came from.
 */
public class Pusher {

    static final String PUBLISHER = "partners";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pusher.class);

    private final List<PartnerDef> partners;
    private final PracticeStore store;
    private final PushOutbox outbox;
    private final Clock clock;
    private final Function<String, String> env;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final HttpClient http;
    private final Duration timeout;

    /** Per partner: whether a drain runs, and whether more was asked for meanwhile. */
    private static final class Lane {
        final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicBoolean again = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private final java.util.concurrent.ExecutorService lanes;
    private final Map<String, Lane> lane = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<java.util.concurrent.Future<?>> inFlight = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger dead = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param lanes the threads deliveries run on: each partner's deliveries one after the other on one of them, partners
     *              side by side, so a slow or hanging partner holds its own thread and delays no other
     */
    public Pusher(List<PartnerDef> partners, PracticeStore store, PushOutbox outbox, Clock clock, Function<String, String> env,
            Duration backoffBase, Duration backoffMax, Duration timeout, java.util.concurrent.ExecutorService lanes) {
        this.partners = List.copyOf(partners);
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.env = env;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
        this.timeout = timeout;
        this.lanes = lanes;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public List<PartnerDef> partners() {
        return partners;
    }

    /** One pass, waited for: new change events into the outbox, then every due delivery. Returns counts for the run report. */
    public Map<String, Integer> run() {
        start();
        return finish();
    }

    /**
     * New change events into the outbox, then each partner's due deliveries started on its own lane; returns at once.
     * A partner whose lane is busy gets what was queued when its drain goes round again.
     */
    public Map<String, Integer> start() {
        int n;
        synchronized (this) {
            n = enqueue();
        }
        queued.addAndGet(n);
        for (PartnerDef p : partners) {
            if (p.enabled()) {
                request(p);
            }
        }
        return Map.of("queued", n);
    }

    /** Waits for the drains started so far, and returns what they did since the last {@code finish}. */
    public Map<String, Integer> finish() {
        for (java.util.concurrent.Future<?> f : inFlight) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // a drain's failure is its partner's: logged there, the others go on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            inFlight.remove(f);
        }
        return collect();
    }

    /** What the lanes did since the last {@code finish} or {@code collect}, without waiting for those still busy. */
    public Map<String, Integer> collect() {
        inFlight.removeIf(java.util.concurrent.Future::isDone);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("queued", queued.getAndSet(0));
        counts.put("delivered", delivered.getAndSet(0));
        counts.put("failed", failed.getAndSet(0));
        counts.put("deadLettered", dead.getAndSet(0));
        return counts;
    }

    private void request(PartnerDef p) {
        Lane l = lane.computeIfAbsent(p.id(), k -> new Lane());
        l.again.set(true);
        if (l.running.compareAndSet(false, true)) {
            inFlight.add(lanes.submit(() -> drain(p, l)));
        }
    }

    /** The partner's lane: passes over its due deliveries until nobody asked for another. */
    private void drain(PartnerDef p, Lane l) {
        while (true) {
            l.again.set(false);
            try {
                pass(p);
            } catch (RuntimeException e) {
                LOG.warn("partner {}: pushes stopped for this pass: {}", p.id(), e.getMessage());
            }
            if (!l.again.get()) {
                l.running.set(false);
                // asked again between the check and the release: this lane goes on, unless another took over
                if (!l.again.get() || !l.running.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /**
     * One pass over a partner's due deliveries, in order. A partner that cannot be reached (a timeout, a refused
     * connection) ends its pass at the first such failure: the rest stays due for the next pass, instead of each
     * delivery waiting out the same timeout.
     */
    private void pass(PartnerDef p) {
        List<PushOutbox.Delivery> due;
        do {
            due = outbox.due(p.id(), 500);
            for (PushOutbox.Delivery d : due) {
                if (!outbox.claim(d.id())) {
                    continue; // another instance has it
                }
                String outcome = deliver(p, d);
                if (outcome.equals("delivered")) {
                    delivered.incrementAndGet();
                } else if (outcome.startsWith("dead")) {
                    dead.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                if (outcome.endsWith("unreachable")) {
                    return;
                }
            }
        } while (due.size() == 500);
    }

    private int enqueue() {
        if (partners.isEmpty()) {
            return 0;
        }
        long mark = store.publishedUpTo(PUBLISHER);
        int queued = 0;
        List<PracticeStore.Event> events;
        while (!(events = store.events(mark, 1000)).isEmpty()) {
            Map<String, Practice> docs = new LinkedHashMap<>();
            store.byIds(events.stream().map(PracticeStore.Event::practiceId).distinct().toList()).forEach(p -> docs.put(p.id(), p));
            for (PracticeStore.Event e : events) {
                Practice p = docs.get(e.practiceId());
                for (PartnerDef partner : partners) {
                    boolean wanted = p == null
                            ? e.kind().equals("withdrawn") && outbox.sent(partner.id(), e.practiceId())
                            : partner.filters().filter().test(PracticeIndex.entry(p)) && !p.cameFrom(partner.network());
                    if (wanted) {
                        outbox.enqueue(partner.id(), e.practiceId(), e.version(), e.kind());
                        queued++;
                    }
                }
                mark = e.seq();
            }
            store.published(PUBLISHER, mark);
        }
        return queued;
    }

    private String deliver(PartnerDef p, PushOutbox.Delivery d) {
        String body;
        if (d.kind().equals("withdrawn")) {
            body = Json.write(Map.of("id", d.practiceId(), "withdrawn", true, "version", d.version()));
        } else {
            Practice practice = store.get(d.practiceId()).orElse(null);
            if (practice == null) {
                outbox.failed(d.id(), "practice no longer available", clock.instant(), true);
                return "dead";
            }
            body = p.fields().isEmpty() ? Json.write(practice) : shape(p, practice);
        }
        String error;
        boolean unreachable = false;
        try {
            String secret = env.apply(p.secretEnv());
            if (secret == null || secret.isBlank()) {
                throw new IllegalStateException("secret-env " + p.secretEnv() + " is not set in the environment");
            }
            String timestamp = String.valueOf(clock.instant().getEpochSecond());
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(p.endpoint())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", d.practiceId() + ":" + d.version())
                    .header("X-Hub-Event", d.kind())
                    .header("X-Hub-Timestamp", timestamp)
                    .header("X-Hub-Signature-256", "sha256=" + sign(secret, timestamp + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (p.authEnv() != null) {
                String token = env.apply(p.authEnv());
                if (token == null || token.isBlank() || token.matches(".*[\\r\\n].*")) {
                    throw new IllegalStateException("auth env " + p.authEnv() + " is not set (or holds a line break)");
                }
                req.header(p.authHeader(), p.authPrefix() + token.trim());
            }
            // only the status counts: the body is not read at all, so a partner answering with an endless or a huge
            // body (the request's timeout ends with the headers) neither holds the push nor fills the heap
            HttpResponse<java.io.InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            res.body().close();
            if (res.statusCode() / 100 == 2) {
                outbox.delivered(d.id());
                return "delivered";
            }
            error = "HTTP " + res.statusCode() + " from " + p.endpoint();
        } catch (IOException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            unreachable = true;
        } catch (IllegalStateException | IllegalArgumentException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        int attempts = d.attempts() + 1;
        boolean dead = attempts >= p.maxAttempts();
        outbox.failed(d.id(), error, clock.instant().plus(backoff(attempts)), dead);
        return (dead ? "dead" : "failed") + (unreachable ? " unreachable" : "");
    }

    Duration backoff(int attempts) {
        Duration d = backoffBase.multipliedBy(1L << Math.min(attempts - 1, 30));
        return d.compareTo(backoffMax) > 0 || d.isNegative() ? backoffMax : d;
    }

    /** The partner's own shape: each of its fields from a JSONPath over the practice. */
    static String shape(PartnerDef p, Practice practice) {
        JsonNode doc = Json.MAPPER.valueToTree(practice);
        ObjectNode out = Json.MAPPER.createObjectNode();
        var ctx = JsonPath.using(com.jayway.jsonpath.Configuration.builder()
                .jsonProvider(new com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider())
                .mappingProvider(new com.jayway.jsonpath.spi.mapper.JacksonMappingProvider())
                .options(com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS).build()).parse(doc);
        p.fields().forEach((field, path) -> {
            JsonNode v = ctx.read(path);
            if (v != null && !v.isMissingNode()) {
                out.set(field, v);
            }
        });
        return out.toString();
    }

    static String sign(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> status(PartnerDef p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("endpoint", p.endpoint());
        m.put("network", p.network());
        m.put("enabled", p.enabled());
        m.putAll(outbox.stats(p.id()));
        return m;
    }

    public List<Map<String, Object>> statuses() {
        List<Map<String, Object>> out = new ArrayList<>();
        partners.forEach(p -> out.add(status(p)));
        return out;
    }
}
