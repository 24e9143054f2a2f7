package org.practicehub.publish.subscription;

import java.util.Locale;

/**
 * Whose subscription waits for the facilitator's approval (hub.subscriptions.approval): nobody's, the addresses members
 * recommend, or every new address. Approval comes on top of the address's own confirmation, never instead of it.
 */
public enum Approval {
    NONE, RECOMMENDED, ALL;

    public static Approval of(String setting) {
        try {
            return valueOf(setting.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("hub.subscriptions.approval = '" + setting + "': give none, recommended or all");
        }
    }

    /** Whether an address that asked for itself waits for approval. */
    public boolean forRequests() {
        return this == ALL;
    }

    /** Whether an address a member recommended waits for approval. */
    public boolean forRecommendations() {
        return this != NONE;
    }
}
