package org.practicehub.web;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.practicehub.source.SourceDef;
import org.practicehub.source.Sources;
import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;
import org.practicehub.store.SourceValues;
import org.quartz.CronExpression;

/** The JSON bodies of the HTTP endpoints; the routes in routes/api.camel.yaml do the HTTP. */
public class Api {

    private final PracticeStore store;
    private final SourceStates states;
    private final Sources sources;
    private final String defaultSchedule;
    private final Clock clock;
    private final SourceValues values;

    public Api(PracticeStore store, SourceStates states, Sources sources, String defaultSchedule, Clock clock, SourceValues values) {
        this.values = values;
        this.store = store;
        this.states = states;
        this.sources = sources;
        this.defaultSchedule = defaultSchedule;
        this.clock = clock;
    }

    /** The practice a merged id now lives in, or null: the route answers 301 to it. */
    public String movedTo(String id) {
        return store.dedup().redirectOf(id).orElse(null);
    }

    /** One practice, with its version as the ETag; 410 once withdrawn. */
    public HttpReply practice(String id, String ifNoneMatch) {
        if (store.isWithdrawn(id)) {
            throw new HttpProblem(410, "Gone", "practice " + id + " was withdrawn by the networks that shared it");
        }
        String etag = store.version(id).map(v -> "\"" + id + ".v" + v + "\"").orElseThrow(() -> HttpProblem.notFound("practice " + id));
        if (HttpReply.matches(ifNoneMatch, etag)) {
            return HttpReply.notModified(etag);
        }
        return HttpReply.json(store.get(id).map(Json::pretty).orElseThrow(() -> HttpProblem.notFound("practice " + id)), etag, null);
    }

    /** Every declared source with its health, whether or not it has been polled yet. */
    public String sources() {
        return Json.pretty(sourceList());
    }

    /** What {@link #sources()} answers, as values: the facilitator console shows the same. */
    public List<Map<String, Object>> sourceList() {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        states.list().forEach(m -> byId.put((String) m.get("id"), m));
        List<Map<String, Object>> out = new ArrayList<>();
        for (SourceDef s : sources.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> st = byId.getOrDefault(s.id(), Map.of());
            m.put("id", s.id());
            m.put("network", s.network());
            m.put("kind", s.kind().label());
            m.put("url", s.url());
            m.put("enabled", s.enabled());
            m.put("active", st.getOrDefault("active", true));
            m.put("status", st.getOrDefault("status", "never polled"));
            m.put("currentUrl", st.get("currentUrl"));
            m.put("schedule", s.schedule() == null ? defaultSchedule : s.schedule());
            m.put("lastPoll", st.get("lastPoll"));
            m.put("lastSuccess", st.get("lastSuccess"));
            m.put("lastError", st.get("lastError"));
            m.put("consecutiveFailures", st.getOrDefault("consecutiveFailures", 0));
            m.put("nextPoll", nextPoll(s, (Instant) st.get("lastPoll"), (Instant) st.get("nextAttempt"), Boolean.TRUE.equals(st.getOrDefault("active", true))));
            m.put("notes", st.get("notes"));
            m.put("warnings", st.getOrDefault("warnings", List.of()));
            Map<String, Object> counts = new LinkedHashMap<>();
            for (String k : List.of("read", "new", "updated", "unchanged", "rejected")) {
                counts.put(k, st.getOrDefault(k, 0));
            }
            m.put("lastCounts", counts);
            out.add(m);
        }
        return out;
    }

    /** When the service polls next: the schedule's next fire, or later while backing off; none when deactivated. */
    Instant nextPoll(SourceDef s, Instant lastPoll, Instant nextAttempt, boolean active) {
        if (!active || !s.enabled()) {
            return null;
        }
        String schedule = s.schedule() == null ? defaultSchedule : s.schedule();
        Instant now = clock.instant();
        Instant bySchedule;
        if (schedule.contains(" ")) {
            try {
                CronExpression cron = new CronExpression(schedule);
                cron.setTimeZone(TimeZone.getTimeZone("UTC"));
                Date next = cron.getNextValidTimeAfter(Date.from(now));
                bySchedule = next == null ? null : next.toInstant();
            } catch (ParseException e) {
                bySchedule = null;
            }
        } else {
            bySchedule = lastPoll == null ? now : lastPoll.plus(interval(schedule));
        }
        if (nextAttempt != null && (bySchedule == null || nextAttempt.isAfter(bySchedule))) {
            return nextAttempt;
        }
        return bySchedule;
    }

    private static Duration interval(String s) {
        long n = Long.parseLong(s.replaceAll("\\D", ""));
        return switch (s.replaceAll("\\d", "")) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofHours(n);
        };
    }

    /** One source: its health as in the list, and per field the values its stored records give that the hub could not use. */
    public String source(String sourceId) {
        return Json.pretty(sourceDetail(sourceId));
    }

    /** What {@link #source} answers, as values: the console's source page shows the same. */
    public Map<String, Object> sourceDetail(String sourceId) {
        SourceDef s = declared(sourceId);
        Map<String, Object> m = new LinkedHashMap<>(sourceList().stream().filter(x -> x.get("id").equals(s.id())).findFirst().orElseThrow());
        Map<String, Object> unmapped = new LinkedHashMap<>();
        values.unmapped(s.id()).forEach((field, counts) -> unmapped.put(field, counts));
        m.put("unmapped", unmapped);
        return m;
    }

    public String rejected(String sourceId) {
        declared(sourceId);
        return Json.pretty(store.rejected(sourceId));
    }

    /** "Poll now": the facilitator's request clears any backoff or deactivation first. */
    public SourceDef pollNow(String sourceId) {
        SourceDef s = declared(sourceId);
        states.reset(s.id());
        return s;
    }

    private SourceDef declared(String id) {
        return sources.all().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> HttpProblem.notFound("source " + id));
    }
}
