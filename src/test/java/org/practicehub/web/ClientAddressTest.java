package org.practicehub.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    final ClientAddress behindProxies = new ClientAddress("10.0.0.0/8, 192.168.1.5, fd00::/8");

    @Test
    void aTrustedProxysForwardedAddressIsTheClientReadFromTheRight() {
        assertThat(behindProxies.of("10.1.2.3:5555", null, "203.0.113.7")).isEqualTo("203.0.113.7");
        // the leftmost entries are the client's to write: only what trusted proxies appended counts
        assertThat(behindProxies.of("10.1.2.3:5555", null, "1.1.1.1, 203.0.113.7, 10.9.9.9")).isEqualTo("203.0.113.7");
        assertThat(behindProxies.of("192.168.1.5:80", "for=192.0.2.60;proto=https;by=10.0.0.1, for=\"[2001:db8:cafe::17]:4711\"", "6.6.6.6"))
                .as("Forwarded wins over X-Forwarded-For").isEqualTo("2001:db8:cafe::17");
        assertThat(behindProxies.of("10.1.2.3:5555", "For=\"192.0.2.43:47011\"", null)).isEqualTo("192.0.2.43");
        assertThat(behindProxies.of("10.1.2.3:5555", null, java.util.List.of("198.51.100.1", "10.2.2.2"))).isEqualTo("198.51.100.1");
        // every hop a trusted proxy: the leftmost; an unreadable hop stops the walk at the last trusted one
        assertThat(behindProxies.of("10.1.2.3:5555", null, "10.5.5.5")).isEqualTo("10.5.5.5");
        assertThat(behindProxies.of("10.1.2.3:5555", "for=unknown", null)).isEqualTo("10.1.2.3");
        assertThat(behindProxies.of("10.1.2.3:5555", null, "evil.example.org, 10.7.7.7")).isEqualTo("10.7.7.7");
        assertThat(behindProxies.of("10.1.2.3:5555", null, null)).isEqualTo("10.1.2.3");
    }

    @Test
    void anUntrustedPeersForwardingHeadersAreIgnored() {
        assertThat(behindProxies.of("198.51.100.9:1234", "for=1.2.3.4", "5.6.7.8")).isEqualTo("198.51.100.9");
        ClientAddress none = new ClientAddress("");
        assertThat(none.proxies()).isFalse();
        assertThat(none.of("10.1.2.3:5555", null, "203.0.113.7")).isEqualTo("10.1.2.3");
    }

    @Test
    void blocksAreAddressesWithAPrefixAndNeverNames() {
        assertThat(ClientAddress.block("10.0.0.0/8").contains(new byte[] {10, 2, 3, 4})).isTrue();
        assertThat(ClientAddress.block("10.0.0.0/8").contains(new byte[] {11, 2, 3, 4})).isFalse();
        assertThat(ClientAddress.block("172.16.0.0/12").contains(new byte[] {(byte) 172, 31, 0, 1})).isTrue();
        assertThat(ClientAddress.block("172.16.0.0/12").contains(new byte[] {(byte) 172, 32, 0, 1})).isFalse();
        assertThat(ClientAddress.block("0.0.0.0/0").contains(new byte[] {1, 2, 3, 4})).isTrue();
        assertThat(ClientAddress.literal("localhost")).as("no DNS lookup").isNull();
        for (String bad : new String[] {"proxy.example.org", "10.0.0.0/33", "10.0.0.0/x", "::1/129"}) {
            assertThatThrownBy(() -> new ClientAddress(bad)).hasMessageContaining("hub.http.trusted-proxies").hasMessageContaining(bad.split("/")[0]);
        }
    }
}
