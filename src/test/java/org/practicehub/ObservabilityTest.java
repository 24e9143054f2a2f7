package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness and metrics over real HTTP: /observe/health/ready includes the database and the SMTP server (down while
 * nothing listens on its port, up once something does); /observe/metrics serves the hub's meters in Prometheus' format.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.health.exposure-level=full"})
class ObservabilityTest {

    @TempDir
    static java.nio.file.Path data;
    static int port;
    static ServerSocket smtp;
    static TestSupport.Props props = new TestSupport.Props();
    final HttpClient http = HttpClient.newHttpClient();

    @BeanInject
    ProducerTemplate template;

    @BeforeAll
    static void setUp() throws Exception {
        port = TestSupport.freePort();
        // an address where no SMTP server listens yet: the port is taken only once the test binds it
        int smtpPort = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port))
                .set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(smtpPort));
    }

    @AfterAll
    static void tearDown() throws Exception {
        props.close();
        if (smtp != null) {
            smtp.close();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessCoversTheDatabaseAndSmtpAndMetricsCountRecordsBySourceAndOutcome() throws Exception {
        HttpResponse<String> down = get("/observe/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"smtp\"", "unreachable", "\"database\"");
        // liveness is not about the SMTP server: the process is fine
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);

        smtp = new ServerSocket(Integer.parseInt(System.getProperty("hub.smtp.port")), 50, java.net.InetAddress.getLoopbackAddress());
        HttpResponse<String> up = get("/observe/health/ready");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

        // before anything happened: every source's and digest's series is there, counters at zero, never succeeded
        String before = get("/observe/metrics").body();
        assertThat(before)
                .contains("# TYPE hub_records_total counter")
                .contains("hub_records_total{outcome=\"rejected\",source=\"apmagnet\"} 0.0")
                .contains("hub_records_total{outcome=\"echo\",source=\"p2p-learning\"} 0.0")
                .contains("hub_source_failures_total{source=\"mnh-repository\"} 0.0")
                .contains("hub_polls_total{source=\"apmagnet\",status=\"error\"} 0.0")
                .contains("hub_push_deliveries_total{outcome=\"deadLettered\"} 0.0")
                .contains("hub_digests_total{digest=\"community-updates\",status=\"failed\"} 0.0")
                .contains("hub_digest_messages_total{digest=\"community-updates\",status=\"sent\"} 0.0")
                .contains("# TYPE hub_source_last_success_age_seconds gauge")
                .contains("hub_source_last_success_age_seconds{source=\"mnh-repository\"} +Inf")
                .contains("hub_source_last_success_timestamp_seconds{source=\"mnh-repository\"} 0.0")
                .contains("hub_digest_last_success_age_seconds{digest=\"community-updates\"} +Inf")
                .contains("hub_digest_last_success_timestamp_seconds{digest=\"community-updates\"} 0.0")
                .contains("# TYPE hub_merged_pairs gauge", "# TYPE hub_push_backlog gauge", "# TYPE hub_push_dead_letters gauge")
                // a gauge never ends in _total, and no count of things done is a gauge
                .doesNotContainPattern("(?m)^# TYPE hub_\\w*_total gauge$").doesNotContain("hub_merges ");

        long polledAt = System.currentTimeMillis() / 1000;
        template.requestBody("direct:poll", template.getCamelContext().getRegistry()
                .lookupByNameAndType("sources", org.practicehub.source.Sources.class).get("mnh-repository"));
        HttpResponse<String> metrics = get("/observe/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("hub_records_total{outcome=\"new\",source=\"mnh-repository\"} 11.0")
                .contains("hub_records_total{outcome=\"rejected\",source=\"mnh-repository\"} 1.0")
                .contains("hub_records_total{outcome=\"new\",source=\"apmagnet\"} 0.0")
                .contains("hub_polls_total{source=\"mnh-repository\",status=\"ok\"} 1.0")
                .contains("hub_push_dead_letters ", "hub_merged_pairs ");
        // the freshness gauges read the store at most once a second
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            String body = get("/observe/metrics").body();
            java.util.regex.Matcher age = java.util.regex.Pattern.compile("hub_source_last_success_age_seconds\\{source=\"mnh-repository\"} (\\S+)")
                    .matcher(body);
            assertThat(age.find()).isTrue();
            assertThat(age.group(1)).isNotEqualTo("+Inf");
            assertThat(Double.parseDouble(age.group(1))).isBetween(0.0, 60.0);
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("hub_source_last_success_timestamp_seconds\\{source=\"mnh-repository\"} (\\S+)")
                    .matcher(body);
            assertThat(at.find()).isTrue();
            assertThat((long) Double.parseDouble(at.group(1))).isBetween(polledAt - 1, polledAt + 60);
            assertThat(body).contains("hub_source_last_success_age_seconds{source=\"apmagnet\"} +Inf");
        });
    }
}
