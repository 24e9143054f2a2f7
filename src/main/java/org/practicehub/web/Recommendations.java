package org.practicehub.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;
import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
import org.practicehub.publish.subscription.Addresses;
import org.practicehub.publish.subscription.Approval;
import org.practicehub.publish.subscription.Mails;
import org.practicehub.publish.subscription.Tokens;
import org.practicehub.store.Subscriptions;

import static org.practicehub.web.ConsoleText.first;

/**
 * A member recommends someone (docs/digests.md, "Recommendations and approval"): a form reached from the member's
 * manage page, under the same signed link. Only an address the hub has never seen gets one invitation, which it must
 * accept itself (double opt-in); the answer is the same page whatever the address's state, so the form tells nobody
 * who is a member. Limited per member, per client address and per recommended address.
 */
public class Recommendations {

    /** The answer, and the invitation to send (null: none). */
    public record Recommended(HttpReply reply, MimeMessage mail) {}

    private final Messages messages = Messages.member();
    private final Subscriptions subscriptions;
    private final Tokens tokens;
    private final Mails mails;
    private final Pages pages;
    private final RateLimit perMember;
    private final RateLimit perClient;
    private final RateLimit perEmail;
    private final Approval approval;
    private final java.util.function.Supplier<Set<String>> frequencies;
    private final String publicUrl;
    private final Duration confirmTtl;

    /**
     * @param perMember recommendations a member may make per window (hub.subscriptions.recommend-limit)
     * @param perEmail  the subscribe form's per-address limit: an address gets no more mail by being recommended
     */
    public Recommendations(Subscriptions subscriptions, Tokens tokens, Mails mails, Pages pages, RateLimit perMember, RateLimit perClient,
            RateLimit perEmail, Approval approval, java.util.function.Supplier<Set<String>> frequencies, String publicUrl, Duration confirmTtl) {
        this.subscriptions = subscriptions;
        this.tokens = tokens;
        this.mails = mails;
        this.pages = pages;
        this.perMember = perMember;
        this.perClient = perClient;
        this.perEmail = perEmail;
        this.approval = approval;
        this.frequencies = frequencies;
        this.publicUrl = publicUrl;
        this.confirmTtl = confirmTtl;
    }

    /** The recommender: an active member holding a valid manage link; null otherwise. */
    private Subscriptions.Subscription member(String token) {
        String id = tokens.verify(token, Tokens.Purpose.MANAGE).orElse(null);
        Subscriptions.Subscription s = id == null ? null : subscriptions.get(id).orElse(null);
        return s != null && s.status().equals("active") ? s : null;
    }

    private HttpReply invalid() {
        return pages.message(400, "link.invalid", "link.invalid.manage", new Object[0], null, true, null, Pages.member(Languages.DEFAULT));
    }

    /** GET /api/subscriptions/recommend?token=: the form. */
    public HttpReply page(String token, Object remoteAddress) {
        perClient.check(remoteAddress);
        Subscriptions.Subscription s = member(token);
        return s == null ? invalid() : form(200, token, s, null, "", false);
    }

    /** POST of the form: at most one invitation, to an address the hub has never seen; the same page in every case. */
    public Recommended recommend(String token, Object body, Object remoteAddress) {
        perClient.check(remoteAddress);
        Subscriptions.Subscription s = member(token);
        if (s == null) {
            return new Recommended(invalid(), null);
        }
        Map<String, List<String>> values = SubscriptionsApi.form(body);
        String email = first(values, "email");
        email = email == null ? "" : email.strip();
        if (Addresses.problem(email).isPresent()) {
            return new Recommended(form(400, token, s, messages.get(Languages.of(s.language()), "recommend.invalid"), email, false), null);
        }
        if (!perMember.tryTake(s.id())) {
            return new Recommended(form(429, token, s, messages.get(Languages.of(s.language()), "recommend.limit"), email, false), null);
        }
        MimeMessage mail = null;
        boolean waits = approval.forRecommendations();
        // a known address (a member, pending, declined, the recommender): nothing changes and nothing is sent
        if (subscriptions.recommend(email, frequency(), s.language(), s.id(), waits) && perEmail.tryTake(Subscriptions.key(email))) {
            String id = subscriptions.byEmail(email).orElseThrow().id();
            mail = mails.invitation(email, publicUrl + "/api/subscriptions/confirm?token=" + tokens.issue(Tokens.Purpose.CONFIRM, id, confirmTtl),
                    confirmTtl, s.language(), waits);
        }
        return new Recommended(form(200, token, s, null, "", true), mail);
    }

    /** A recommended address starts weekly when the digests offer it, else at the first frequency they offer. */
    private String frequency() {
        Set<String> offered = frequencies.get();
        return offered.contains("weekly") || offered.isEmpty() ? "weekly" : new java.util.TreeSet<>(offered).first();
    }

    private HttpReply form(int status, String token, Subscriptions.Subscription s, String error, String value, boolean sent) {
        String t = URLEncoder.encode(token, StandardCharsets.UTF_8);
        return pages.recommend(status, s.language(), "/api/subscriptions/recommend?token=" + t,
                "/api/subscriptions/manage?token=" + t, approval.forRecommendations(), error, value, sent);
    }
}
