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

    private final List<PartnerDef> partners;
    private final PracticeStore store;
    private final PushOutbox outbox;
    private final Clock clock;
    private final Function<String, String> env;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final HttpClient http;
    private final Duration timeout;

    public Pusher(List<PartnerDef> partners, PracticeStore store, PushOutbox outbox, Clock clock, Function<String, String> env,
            Duration backoffBase, Duration backoffMax, Duration timeout) {
        this.partners = List.copyOf(partners);
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.env = env;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public List<PartnerDef> partners() {
        return partners;
    }

    /** One pass: new change events into the outbox, then every due delivery. Returns counts for the run report. */
    public synchronized Map<String, Integer> run() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("queued", enqueue());
        int delivered = 0;
        int failed = 0;
        int dead = 0;
        for (PartnerDef p : partners) {
            if (!p.enabled()) {
                continue;
            }
            for (PushOutbox.Delivery d : outbox.due(p.id(), 500)) {
                if (!outbox.claim(d.id())) {
                    continue; // another instance has it
                }
                switch (deliver(p, d)) {
                    case "delivered" -> delivered++;
                    case "dead" -> dead++;
                    default -> failed++;
                }
            }
        }
        counts.put("delivered", delivered);
        counts.put("failed", failed);
        counts.put("deadLettered", dead);
        return counts;
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
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        int attempts = d.attempts() + 1;
        boolean dead = attempts >= p.maxAttempts();
        outbox.failed(d.id(), error, clock.instant().plus(backoff(attempts)), dead);
        return dead ? "dead" : "failed";
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
