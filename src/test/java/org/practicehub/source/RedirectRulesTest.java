package org.practicehub.source;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redirects a partner may give: on its own host and port, followed (a source declared on loopback may move there);
 * to another loopback port (another service of the hub's machine), to file: or ftp:, refused before anything is sent
 * there, and a permanent one's new URL never becomes the source's.
 */
class RedirectRulesTest {

    static PartnerServer partner;
    static PartnerServer other;
    final Fetcher fetcher = new Fetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000, "test", Clock.systemUTC());
    final Room room = new Room(1_000_000);

    @BeforeAll
    static void start() throws Exception {
        other = new PartnerServer();
        other.on("/admin", r -> Answer.ok("application/json", "{\"secret\": true}"));
        partner = new PartnerServer();
        partner.on("/moved", r -> Answer.status(301, Map.of("Location", "/here")));
        partner.on("/here", r -> Answer.ok("application/json", "[]"));
        partner.on("/elsewhere", r -> Answer.status(301, Map.of("Location", other.url("/admin"))));
        partner.on("/file", r -> Answer.status(302, Map.of("Location", "file:///etc/passwd")));
        partner.on("/ftp", r -> Answer.status(302, Map.of("Location", "ftp://127.0.0.1/x")));
    }

    @AfterAll
    static void stop() {
        partner.close();
        other.close();
    }

    private Fetched get(String url) {
        try (Room.Hold hold = room.open("test")) {
            return fetcher.get(url, Map.of(), hold);
        }
    }

    @Test
    void aRedirectOnTheSourcesOwnHostAndPortIsFollowedAndAPermanentOneKept() {
        Fetched f = get(partner.url("/moved"));
        assertThat(new String(f.body())).isEqualTo("[]");
        assertThat(f.movedTo()).isEqualTo(partner.url("/here"));
    }

    @Test
    void aRedirectToAnotherLoopbackPortIsRefusedAndNothingIsAskedThere() {
        assertThatThrownBy(() -> get(partner.url("/elsewhere"))).isInstanceOf(SourceException.class)
                .hasMessageContaining("refused").hasMessageContaining("loopback").hasMessageContaining("not the source's own host and port");
        assertThat(other.requests("/admin")).isEmpty();
    }

    @Test
    void onlyHttpAndHttpsAreFollowed() {
        assertThatThrownBy(() -> get(partner.url("/file"))).isInstanceOf(SourceException.class).hasMessageContaining("not file");
        assertThatThrownBy(() -> get(partner.url("/ftp"))).isInstanceOf(SourceException.class).hasMessageContaining("not ftp");
    }

    @Test
    void insideAddressesAreKnownByKind() throws Exception {
        assertThat(Destinations.kind(InetAddress.getByName("127.0.0.2"))).hasValue("a loopback address");
        assertThat(Destinations.kind(InetAddress.getByName("::1"))).hasValue("a loopback address");
        assertThat(Destinations.kind(InetAddress.getByName("169.254.169.254"))).hasValue("a link-local address");
        assertThat(Destinations.kind(InetAddress.getByName("10.1.2.3"))).hasValue("a private address");
        assertThat(Destinations.kind(InetAddress.getByName("192.168.0.1"))).hasValue("a private address");
        assertThat(Destinations.kind(InetAddress.getByName("172.16.5.4"))).hasValue("a private address");
        assertThat(Destinations.kind(InetAddress.getByName("fd12::1"))).hasValue("a unique-local address");
        assertThat(Destinations.kind(InetAddress.getByName("100.64.0.1"))).isPresent();
        assertThat(Destinations.kind(InetAddress.getByName("0.0.0.0"))).isPresent();
        assertThat(Destinations.kind(InetAddress.getByName("93.184.216.34"))).isEmpty();
        assertThat(Destinations.kind(InetAddress.getByName("2001:db8::1"))).isEmpty();
        // a public source may not move inside; an inside one may not leave its own host and port for another inside one
        assertThat(Destinations.refused("https://partner.example/feed", "http://10.0.0.5/feed")).hasValueSatisfying(w -> assertThat(w)
                .contains("private", "the source is not"));
        assertThat(Destinations.refused("https://93.184.216.34/feed", "https://93.184.216.35/feed")).isEmpty();
        assertThat(Destinations.refused("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b")).isEmpty();
        assertThat(Destinations.refused("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/b")).isPresent();
    }
}
