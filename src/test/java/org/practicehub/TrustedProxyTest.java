package org.practicehub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.store.Db;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub behind a reverse proxy on 127.0.0.1 (hub.http.trusted-proxies): the proxy's X-Forwarded-For and Forwarded name
 * the client for the rate limit and the console's login throttle, so clients behind it are told apart; a client on
 * 127.0.0.2, which is no trusted proxy, cannot escape its own limit by writing X-Forwarded-For itself.
 */
class TrustedProxyTest {

    static final String TOKEN = "proxy-test-admin-token-0123456789";

    @TempDir
    Path dir;
    int port;

    record Answer(int status, String body) {}

    /** One HTTP/1.1 request from a socket bound to {@code from}, with these extra header lines. */
    Answer send(String from, String method, String path, String body, String... headers) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: hub.example.org\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(answer.substring(9, 12)), answer);
        }
    }

    List<Integer> statuses(int n, String from, String... headers) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(send(from, "GET", "/api/practices", null, headers).status());
        }
        return out;
    }

    @Test
    void forwardedAddressesCountOnlyFromATrustedProxy() throws Exception {
        port = TestSupport.freePort();
        try (HubInstance hub = HubInstance.start(Map.of("hub.data-dir", dir.resolve("data").toString(), "camel.server.port", String.valueOf(port),
                "hub.schedule.enabled", "false", "hub.admin-token", TOKEN, "hub.http.rate-limit", "3", "hub.console.login-attempts", "2",
                "hub.http.trusted-proxies", "127.0.0.1/32, 10.0.0.0/8"))) {
            // through the proxy: each client its own bucket, named by the proxy
            assertThat(statuses(3, "127.0.0.1", "X-Forwarded-For: 203.0.113.1")).containsOnly(200);
            Answer over = send("127.0.0.1", "GET", "/api/practices", null, "X-Forwarded-For: 203.0.113.1");
            assertThat(over.status()).isEqualTo(429);
            assertThat(over.body()).contains("from 203.0.113.1").contains("Retry-After");
            assertThat(statuses(3, "127.0.0.1", "X-Forwarded-For: 203.0.113.2, 10.3.3.3")).containsOnly(200);

            // not through the proxy: whatever it claims, the client is its socket's address
            assertThat(statuses(3, "127.0.0.2", "X-Forwarded-For: 198.51.100.1")).containsOnly(200);
            Answer spoofed = send("127.0.0.2", "GET", "/api/practices", null, "X-Forwarded-For: 198.51.100.99", "Forwarded: for=198.51.100.98");
            assertThat(spoofed.status()).isEqualTo(429);
            assertThat(spoofed.body()).contains("from 127.0.0.2").doesNotContain("198.51.100");

            // the console's login throttle: per client behind the proxy (Forwarded, RFC 7239)
            for (int i = 0; i < 2; i++) {
                assertThat(send("127.0.0.1", "POST", "/console/login", "token=wrong-token-0123456789", "Forwarded: for=192.0.2.4").status()).isEqualTo(403);
            }
            assertThat(send("127.0.0.1", "POST", "/console/login", "token=" + TOKEN, "Forwarded: for=192.0.2.4").status()).isEqualTo(429);
            assertThat(send("127.0.0.1", "POST", "/console/login", "token=" + TOKEN, "Forwarded: for=\"192.0.2.5:4711\";proto=https").status())
                    .isEqualTo(303);
            // and the session records who logged in, not the proxy
            List<String> clients = hub.bean("db", Db.class).read(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT client FROM console_session"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertThat(clients).containsExactly("192.0.2.5");
        }
    }
}
