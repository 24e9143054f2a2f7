package org.practicehub.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.practicehub.publish.subscription.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hub.subscriptions.previous-secret and its date, as the hub reads them at start. */
class PreviousSecretTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);

    private static PropertiesComponent props(String secret, String until) {
        Properties p = new Properties();
        p.setProperty("hub.subscriptions.previous-secret", secret);
        p.setProperty("hub.subscriptions.previous-secret-until", until);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(p);
        return context.getPropertiesComponent();
    }

    @Test
    void aDateOrAnInstantBoundsThePreviousSecret() {
        assertThat(HubConfiguration.previousSecret(props("", ""), NOW)).isNull();
        assertThat(HubConfiguration.previousSecret(props("old-secret-0123456789", "2026-06-30"), NOW))
                .isEqualTo(new Tokens.Previous("old-secret-0123456789", Instant.parse("2026-06-30T00:00:00Z")));
        assertThat(HubConfiguration.previousSecret(props("old-secret-0123456789", "2026-03-02T09:00:00Z"), NOW).until())
                .isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        // once its date has passed it is no longer accepted (and the log says so)
        assertThat(HubConfiguration.previousSecret(props("old-secret-0123456789", "2026-03-01"), NOW)).isNull();
    }

    @Test
    void aPreviousSecretWithoutADateOrWithAWrongOneStopsTheStart() {
        assertThatThrownBy(() -> HubConfiguration.previousSecret(props("old-secret-0123456789", ""), NOW))
                .hasMessageContaining("hub.subscriptions.previous-secret-until");
        assertThatThrownBy(() -> HubConfiguration.previousSecret(props("old-secret-0123456789", "next summer"), NOW))
                .hasMessageContaining("'next summer' is not a date");
    }
}
