package org.practicehub.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.practicehub.publish.subscription.Addresses;
import org.practicehub.run.DigestResult;

import static org.practicehub.web.ConsoleText.first;
import static org.practicehub.web.ConsoleText.nz;
import static org.practicehub.web.ConsoleText.safe;
import static org.practicehub.web.ConsoleText.strings;
import static org.practicehub.web.ConsoleText.when;

/** What the console's digests page shows: each digest's schedule, runs and delivery log, and a member's preview. */
public final class DigestViews {

    private static final int DELIVERIES_SHOWN = 50;

    /** @param schedule the cron in words ("Every Monday at 08:00"), null for a shape CronWords does not cover */
    public record DigestView(String id, String title, String network, String cron, String schedule, String timeZone, String frequencies, int addresses,
            String nextFire, String lastRun, String lastStatus, int failures, String retryAt, String openEdition, String running,
            List<Map<String, Object>> deliveries) {}

    /** @param noted whether the message carries the facilitator's note (then it is sent even with no practice in it) */
    public record Preview(String digest, String email, boolean subscribed, String status, String frequency, boolean inAudience, int count,
            String subject, String text, String html, String error, boolean noted) {}

    private final Console.Dependencies deps;

    DigestViews(Console.Dependencies deps) {
        this.deps = deps;
    }

    List<DigestView> all() {
        List<DigestView> views = new ArrayList<>();
        for (Map<String, Object> m : deps.digests().list()) {
            String id = (String) m.get("id");
            @SuppressWarnings("unchecked")
            Map<String, Object> audience = (Map<String, Object>) m.get("audience");
            @SuppressWarnings("unchecked")
            Map<String, Object> last = (Map<String, Object>) m.get("lastRun");
            @SuppressWarnings("unchecked")
            Map<String, Object> running = (Map<String, Object>) m.get("running");
            List<Map<String, Object>> deliveries = new ArrayList<>();
            for (Map<String, Object> d : deps.digests().deliveries(id, DELIVERIES_SHOWN)) {
                Map<String, Object> row = new LinkedHashMap<>(d);
                row.put("deliveredAt", when(d.get("deliveredAt")));
                deliveries.add(row);
            }
            views.add(new DigestView(id, (String) m.get("title"), (String) m.get("network"), (String) m.get("cron"),
                    CronWords.of((String) m.get("cron")).orElse(null), (String) m.get("timeZone"),
                    String.join(", ", strings(audience.get("frequencies"))), ((Number) audience.get("addresses")).intValue(),
                    when(m.get("nextFire")), when(last.get("at")), last.get("status") == null ? "never run" : String.valueOf(last.get("status")),
                    ((Number) last.get("failures")).intValue(), last.get("retryAt") == null ? null : when(last.get("retryAt")),
                    (String) m.get("openEdition"), running == null ? null : running.get("instance") + " until " + when(running.get("until")),
                    deliveries));
        }
        return views;
    }

    /** {@code ?digest=id&email=x}: that member's next message, nothing sent and nothing moved; null without both. */
    Preview preview(Map<String, List<String>> q) {
        String digestId = first(q, "digest");
        String email = first(q, "email");
        return digestId != null && email != null ? preview(digestId, email.trim()) : null;
    }

    private Preview preview(String digestId, String email) {
        if (deps.digests().definition(digestId).isEmpty()) {
            return new Preview(safe(digestId), email, false, null, null, false, 0, null, null, null, "There is no digest " + safe(digestId) + ".", false);
        }
        if (Addresses.problem(email).isPresent()) {
            return new Preview(digestId, email, false, null, null, false, 0, null, null, null, "That is not a valid email address.", false);
        }
        Map<String, Object> p = deps.digests().preview(digestId, email);
        if (!Boolean.TRUE.equals(p.get("subscribed"))) {
            return new Preview(digestId, email, false, null, null, false, 0, null, null, null, "Nobody with this address is subscribed.", false);
        }
        return new Preview(digestId, email, true, (String) p.get("status"), (String) p.get("frequency"), Boolean.TRUE.equals(p.get("inAudience")),
                ((Number) p.get("count")).intValue(), (String) p.get("subject"), (String) p.get("text"), (String) p.get("html"), null,
                Boolean.TRUE.equals(p.get("noted")));
    }

    /**
     * {@code ?sent=id} after a send now: the run goes on in the background, so the notice says it still runs (and the
     * page refreshes) or what it did, from the job that ran it.
     */
    static String sentNotice(Map<String, List<String>> q, org.practicehub.run.Jobs jobs) {
        if (!q.containsKey("sent")) {
            return null;
        }
        String id = first(q, "sent");
        Optional<org.practicehub.run.Jobs.Job> job = jobs.latest(org.practicehub.run.Jobs.Kind.DIGEST, nz(id));
        if (job.isEmpty()) {
            return "Ran " + safe(id) + ": see its last run below.";
        }
        org.practicehub.run.Jobs.Job j = job.get();
        if (j.running()) {
            return "Running " + safe(id) + " in the background: this page refreshes until the run ends.";
        }
        if (!(j.result() instanceof DigestResult r)) {
            return "Ran " + safe(id) + " now: the run failed (" + safe(nz(j.error())) + ").";
        }
        return "Ran " + safe(id) + " now: " + switch (nz(r.status())) {
            case "sent" -> "messages sent (" + r.messages() + ").";
            case "written" -> "messages written to the outbox (" + r.messages() + ").";
            case "nothing-new" -> "nothing new to send.";
            case "busy" -> "another run of this digest is under way; nothing more was done.";
            case "failed" -> "the run failed; see its last run below.";
            default -> "done.";
        };
    }
}
