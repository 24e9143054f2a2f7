package org.practicehub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the console tests need to see real data: the three sample sources, a source whose server answers 500, a source
 * with a record rejected for having no title (its payload carrying markup) and three whose Spanish theme the hub does
 * not know, thresholds that leave the two Laguna
 * records as a pair for review, and a partner whose server fails until told to recover (dead letters). One partner
 * server on loopback serves the failing source and the partner.
 */
final class ConsoleFixture implements AutoCloseable {

    static final String TOKEN = "console-test-admin-token-0123456789";
    static final String FAILING_SOURCE = "http-500";
    static final String PARTNER = "elsewhere-inbox";
    static final String MEMBER = "ana@example.org";

    final PartnerServer server;
    final AtomicBoolean partnerFails = new AtomicBoolean(true);
    final int port;
    final String base;
    final Path dir;

    ConsoleFixture(Path dir, TestSupport.Props props) throws IOException {
        this.dir = dir;
        server = new PartnerServer();
        server.on("/broken", r -> PartnerServer.Answer.status(500, Map.of()));
        server.on("/inbox", r -> PartnerServer.Answer.status(partnerFails.get() ? 500 : 204, Map.of()));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Path samples = TestSupport.project("samples");
        for (String m : new String[] {"apmagnet.yaml", "mnh-repository.yaml", "p2p-learning.yaml"}) {
            String yaml = Files.readString(TestSupport.project("mappings").resolve(m), StandardCharsets.UTF_8);
            Files.writeString(mappings.resolve(m), yaml.replace("../samples/", samples + "/"), StandardCharsets.UTF_8);
        }
        Files.writeString(mappings.resolve("x-http-500.yaml"), "id: " + FAILING_SOURCE + "\nnetwork: Failing Network\nkind: feed\nurl: "
                + server.url("/broken") + "\n", StandardCharsets.UTF_8);
        Files.writeString(mappings.resolve("y-untitled.yaml"), """
                id: untitled
                network: Migration Network Hub
                kind: json
                url: untitled.json
                records: $.items[*]
                language: es
                fields:
                  recordId: $.ref
                  title: $.name
                  themes: $.temas[*]
                """, StandardCharsets.UTF_8);
        // one record without a title (rejected), and three in Spanish whose theme "Movilidad climática" the hub does not know
        Files.writeString(mappings.resolve("untitled.json"),
                "{\"items\": [{\"ref\": \"u-1\", \"name\": \"\", \"note\": \"<script>alert('x')</script> & more\"},"
                + "{\"ref\": \"u-2\", \"name\": \"Sistema de alerta temprana ante sequías en Sololá\", \"temas\": [\"Movilidad climática\"]},"
                + "{\"ref\": \"u-3\", \"name\": \"Cooperativas de pescadores desplazados por inundaciones\", \"temas\": [\"Movilidad climática\", \"Reintegración\"]},"
                + "{\"ref\": \"u-4\", \"name\": \"Registro municipal de familias reubicadas tras huracanes\", \"temas\": [\"Movilidad climática\"]}]}",
                StandardCharsets.UTF_8);
        Path partners = Files.createDirectories(dir.resolve("partners"));
        Files.writeString(partners.resolve("elsewhere.yaml"), "id: " + PARTNER + "\nendpoint: " + server.url("/inbox") + "\n"
                + "network: Elsewhere\nsecret-env: CONSOLE_TEST_PUSH_SECRET\nmax-attempts: 1\n", StandardCharsets.UTF_8);
        port = TestSupport.freePort();
        base = "http://127.0.0.1:" + port;
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString())
                .set("hub.partners-dir", partners.toString())
                .set("camel.server.port", String.valueOf(port)).set("hub.public-url", base).set("hub.admin-token", TOKEN)
                .set("hub.dedup.merge-threshold", "0.95").set("hub.dedup.review-threshold", "0.7").set("hub.push.backoff-base", "0s")
                .set("hub.sources.parallelism", "1").set("CONSOLE_TEST_PUSH_SECRET", "console-push-secret");
    }

    /** The two sources of {@link #twins}, and their one record each. */
    static final String TWIN_A = "twins-north", TWIN_B = "twins-south";
    static final String TWIN_A_RECORD = TWIN_A + "/desk-1", TWIN_B_RECORD = TWIN_B + "/NP-2024-07";

    /**
     * Two more sources, of two more networks, each with the same initiative told the same way: the matcher merges them by
     * itself, whatever its thresholds (the console's recent automatic merges). Before the hub starts.
     */
    ConsoleFixture twins() throws IOException {
        Path mappings = dir.resolve("mappings");
        String record = """
                {"items": [{"ref": "%s", "name": "Pre-departure orientation desk for Nepali workers bound for Malaysia",
                  "summary": "A desk at Tribhuvan International Airport where workers leaving for jobs in Malaysia have their contracts checked, learn their rights and whom to call on arrival.",
                  "website": "https://%s.example.org/initiatives/pre-departure-desk",
                  "country": "Nepal", "partners": ["Foreign Employment Board of Nepal", "Pourakhi Nepal"]}]}
                """;
        for (String[] t : new String[][] {{TWIN_A, "Northern Corridor Network", "desk-1"}, {TWIN_B, "Southern Corridor Network", "NP-2024-07"}}) {
            Files.writeString(mappings.resolve("z-" + t[0] + ".json"), record.formatted(t[2], t[0]), StandardCharsets.UTF_8);
            Files.writeString(mappings.resolve("z-" + t[0] + ".yaml"), """
                    id: %s
                    network: %s
                    kind: json
                    url: z-%s.json
                    records: $.items[*]
                    language: en
                    fields:
                      recordId: $.ref
                      title: $.name
                      summary: $.summary
                      link: $.website
                      countries: $.country
                      partners: $.partners[*]
                    """.formatted(t[0], t[1], t[0]), StandardCharsets.UTF_8);
        }
        return this;
    }

    /**
     * A cycle without its digest: every source polled, the depository published, the partner pushed to. The digest is
     * left never run, so that "Send now" has a first edition to send.
     */
    static void ingest(org.apache.camel.ProducerTemplate template, org.practicehub.source.Sources sources) {
        for (org.practicehub.source.SourceDef s : sources.all()) {
            template.requestBody("direct:poll", s);
        }
        template.requestBody("direct:publish-depository", (Object) null);
        template.requestBody("direct:push", (Object) null);
    }

    int brokenPolls() {
        return server.requests("/broken").size();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- a browser-less client: cookies by hand, no redirects followed ----

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String cookie, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Logs in with the admin token; answers the Cookie header to send back ("hub_console=..."). */
    String login() throws Exception {
        HttpResponse<String> r = post("/console/login", null, form("token", TOKEN));
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** The CSRF token of the forms on a page. */
    String csrf(String cookie) throws Exception {
        Matcher m = CSRF.matcher(get("/console", cookie).body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the dashboard");
        }
        return m.group(1);
    }
}
