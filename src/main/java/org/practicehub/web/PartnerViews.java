package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.practicehub.publish.partner.PartnerDef;

import static org.practicehub.web.ConsoleText.n;
import static org.practicehub.web.ConsoleText.safe;
import static org.practicehub.web.ConsoleText.when;

/** What the console's partner page shows, per partner: backlog, deliveries, dead letters; and replaying them. */
public final class PartnerViews {

    public record PartnerView(String id, String endpoint, String network, boolean enabled, int backlog, int delivered, int dead, String lastError,
            String lastDelivered, List<Map<String, Object>> deadLetters) {}

    private final Console.Dependencies deps;

    PartnerViews(Console.Dependencies deps) {
        this.deps = deps;
    }

    List<PartnerView> all() {
        List<PartnerView> views = new ArrayList<>();
        for (PartnerDef p : deps.pusher().partners()) {
            Map<String, Object> st = deps.pusher().status(p);
            views.add(new PartnerView(p.id(), p.endpoint(), p.network(), p.enabled(), n(st, "backlog"), n(st, "delivered"), n(st, "dead"),
                    (String) st.get("lastError"), when(st.get("lastDelivered")), deps.outbox().dead(p.id())));
        }
        return views;
    }

    /** A partner's dead letters back to pending; how many. */
    int replay(String partnerId) {
        PartnerDef p = deps.pusher().partners().stream().filter(x -> x.id().equals(partnerId)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("partner " + safe(partnerId)));
        return deps.outbox().replay(p.id());
    }
}
