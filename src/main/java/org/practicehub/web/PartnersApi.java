package org.practicehub.web;

import org.practicehub.publish.partner.PartnerDef;
import org.practicehub.publish.partner.Pusher;
import org.practicehub.store.Json;
import org.practicehub.store.PushOutbox;

/** The admin view of partner pushes: status and backlog, dead letters, replay. */
public class PartnersApi {

    private final Pusher pusher;
    private final PushOutbox outbox;

    public PartnersApi(Pusher pusher, PushOutbox outbox) {
        this.pusher = pusher;
        this.outbox = outbox;
    }

    public String list() {
        return Json.pretty(pusher.statuses());
    }

    public String deadLetters(String id) {
        return Json.pretty(outbox.dead(partner(id).id()));
    }

    public int replay(String id) {
        return outbox.replay(partner(id).id());
    }

    public String status(String id) {
        return Json.pretty(pusher.status(partner(id)));
    }

    private PartnerDef partner(String id) {
        return pusher.partners().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> HttpProblem.notFound("partner " + id));
    }
}
