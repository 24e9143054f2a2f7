package org.practicehub;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Helpers shared by the tests: the project's JSON Schema, free ports, system properties set and restored. */
public final class TestSupport {

    /** A UTC clock whose every reading comes from {@code now}: a test moves time by what it gives. */
    public static java.time.Clock clock(java.util.function.Supplier<java.time.Instant> now) {
        return new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
    }


    /** The text part of a mail the hub sent (multipart/alternative: text/plain first), or its body when not multipart. */
    /**
     * A link whose token has one character of its signature changed, well inside it: changing the last characters
     * can leave the signature as it was (the last base64 character carries bits the decoder drops), about once in
     * a thousand tokens.
     */
    public static String tamper(String url) {
        int at = url.length() - 10;
        char c = url.charAt(at);
        return url.substring(0, at) + (c == 'A' ? 'B' : 'A') + url.substring(at + 1);
    }

    public static String mailText(jakarta.mail.internet.MimeMessage m) throws Exception {
        return m.getContent() instanceof jakarta.mail.internet.MimeMultipart mp ? (String) mp.getBodyPart(0).getContent() : (String) m.getContent();
    }

    /** The hub's link to {@code path} in a mail's text, with its token; fails the test when there is none. */
    public static String mailLink(String text, String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(http://127\\.0\\.0\\.1:\\d+" + java.util.regex.Pattern.quote(path)
                + "\\?token=[A-Za-z0-9_.-]+)").matcher(text);
        org.assertj.core.api.Assertions.assertThat(m.find()).as("a link to %s in %s", path, text).isTrue();
        return m.group(1);
    }


    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema PRACTICE_SCHEMA = load("/schema/practice-v1.schema.json");
    private static final JsonSchema REDIRECT_SCHEMA = load("/schema/practice-redirect-v1.schema.json");

    private TestSupport() {}

    private static JsonSchema load(String resource) {
        try (InputStream in = TestSupport.class.getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Schema violations of a practice document; empty when it is valid. */
    public static Set<ValidationMessage> practiceViolations(JsonNode doc) {
        return PRACTICE_SCHEMA.validate(doc);
    }

    /** Schema violations of the depository's redirect record of a merged practice id; empty when it is valid. */
    public static Set<ValidationMessage> redirectViolations(JsonNode doc) {
        return REDIRECT_SCHEMA.validate(doc);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path project(String relative) {
        return Path.of(relative).toAbsolutePath().normalize();
    }

    /** Every file under a folder with its bytes, to prove that a second run changed nothing. */
    public static Map<Path, byte[]> snapshot(Path dir) throws IOException {
        Map<Path, byte[]> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f), Files.readAllBytes(f));
            }
        }
        return out;
    }

    /** System properties that rank above application.properties for the hub under test; restored by {@link #close}. */
    public static final class Props implements AutoCloseable {
        private final List<String> keys = new ArrayList<>();

        public Props set(String key, String value) {
            keys.add(key);
            System.setProperty(key, value);
            return this;
        }

        @Override
        public void close() {
            keys.forEach(System::clearProperty);
            keys.clear();
        }
    }

    /** A practice's first record sent again by its partner with text added to the summary: a change as the store sees one. */
    public static void changeSummary(org.practicehub.store.PracticeStore store, org.practicehub.source.Sources sources,
            org.practicehub.model.Practice p, String suffix) {
        org.practicehub.model.Practice.Provenance src = p.sources().get(0);
        org.practicehub.model.Practice changed = new org.practicehub.model.Practice(p.schemaVersion(), null, p.title(), p.summary() + suffix,
                p.description(), p.practiceTypes(), p.geographicScope(), p.partners(), p.donors(), p.gcmObjectives(), p.gcmGuidingPrinciples(),
                p.sdgs(), p.migrationPhases(), p.themes(), p.implementation(), p.keyBenefits(), p.lessonsLearned(), p.recommendations(),
                p.innovation(), p.links(), p.language(), List.of(), p.unmapped(), null, null);
        store.save(sources.get(src.sourceId()), new org.practicehub.mapping.Mapped(src.recordId(), src.url(), src.published(), src.updated(), changed));
    }

    /** One poll of a source through the real route ({@code direct:poll}), which must not throw: its report line. */
    public static org.practicehub.run.SourceResult poll(org.apache.camel.ProducerTemplate template, org.practicehub.source.Sources sources,
            String id) {
        org.apache.camel.Exchange ex = template.send("direct:poll", e -> e.getIn().setBody(sources.get(id)));
        org.assertj.core.api.Assertions.assertThat(ex.getException()).isNull();
        return ex.getProperty("hubPoll", org.practicehub.run.Poll.class).result();
    }

    /** The practice holding a source's record. */
    public static org.practicehub.model.Practice practiceOf(org.practicehub.store.PracticeStore store, String sourceId, String recordId) {
        return store.all().stream().filter(p -> p.sources().stream().anyMatch(s -> s.sourceId().equals(sourceId) && s.recordId().equals(recordId)))
                .findFirst().orElseThrow(() -> new AssertionError("no practice of " + sourceId + "/" + recordId));
    }

    /**
     * What an admin request for work now answered (202, the job's address in Location), followed to the job's end with
     * the same token: the ended job, whose {@code result} is what the synchronous answer was before runs went to the
     * background. Fails unless the job ended done.
     */
    public static JsonNode job(java.net.http.HttpClient http, String base, String token, java.net.http.HttpResponse<String> accepted) throws Exception {
        org.assertj.core.api.Assertions.assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + accepted.body()));
        org.assertj.core.api.Assertions.assertThat(location).isEqualTo(JSON.readTree(accepted.body()).get("href").asText());
        JsonNode[] ended = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + location))
                    .header("Authorization", "Bearer " + token).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ended[0] = JSON.readTree(r.body());
            return !"running".equals(ended[0].get("status").asText());
        });
        org.assertj.core.api.Assertions.assertThat(ended[0].get("status").asText()).as(ended[0].toString()).isEqualTo("done");
        return ended[0];
    }
}
