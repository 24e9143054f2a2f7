package org.practicehub.store;

import java.util.UUID;

/**
 * This hub's identity in the provenance it publishes ({@code hub}): how another hub that reads this one knows a
 * practice started here and does not send it back. {@code hub.id} when set; else made once, stored, and the same for
 * every instance of the hub. It used to be the public URL, which two default installs share
 * ({@code http://localhost:8080}): each took the other's practices for its own echoes.
 */
public final class HubIdentity {

    static final String SETTING = "hub-id";

    /** What was made, and whether it was made now. */
    public record Resolved(String id, String how) {}

    private HubIdentity() {}

    /**
     * @param configured hub.id (empty: not set)
     * @param before     the identity a store from before identities were stored went by (its public URL): kept when the
     *                   store holds records already, since its peers know its practices by it
     */
    public static Resolved resolve(String configured, HubSettings settings, Db db, String before) {
        if (configured != null && !configured.isBlank()) {
            return new Resolved(configured.trim(), "hub.id");
        }
        HubSettings.Value v = settings.once(SETTING, () -> db.count("SELECT 1 FROM source_record LIMIT 1") > 0 ? before
                : "urn:uuid:" + UUID.randomUUID());
        return new Resolved(v.value(), !v.created() ? "stored" : v.value().equals(before) ? "kept from before it was stored" : "made now");
    }
}
