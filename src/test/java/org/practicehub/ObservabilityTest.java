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

        template.requestBody("direct:poll", template.getCamelContext().getRegistry()
                .lookupByNameAndType("sources", org.practicehub.source.Sources.class).get("mnh-repository"));
        HttpResponse<String> metrics = get("/observe/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("hub_records_total{outcome=\"new\",source=\"mnh-repository\"} 11.0")
                .contains("hub_records_total{outcome=\"rejected\",source=\"mnh-repository\"} 1.0")
                .contains("hub_push_dead_letters ", "hub_merges ");
    }
}
