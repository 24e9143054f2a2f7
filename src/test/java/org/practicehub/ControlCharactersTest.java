package org.practicehub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.store.Db;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, CR and LF; U+FFFE and U+FFFF; a lone surrogate) in a
 * JSON document's, a JSON Feed's and a CSV drop's values: each is stored and published, replaced where it entered and
 * counted, and the Atom feed reads back in Rome and in feedparser. A value that reached the store before (a store
 * written by an earlier version) is replaced by the writers, so it never stops a publish again.
 */
class ControlCharactersTest {

    @TempDir
    Path dir;

    private Path mappings() throws IOException {
        Path m = Files.createDirectories(dir.resolve("mappings"));
        // JSON escapes: a NUL, a unit separator, U+FFFF, a lone high surrogate, a lone low surrogate
        Files.writeString(dir.resolve("partner.json"), "{\"practices\": ["
                + "{\"ref\": \"J1\", \"title\": \"Return\\u0000desk\\u001f in Manila\", \"text\": \"Counselling\\uffff for returnees \\ud800 at the airport\"},"
                + "{\"ref\": \"J2\", \"title\": \"Skills passport \\udc00 for seafarers\", \"text\": \"Plain\\u0008 text\\u000b\"}]}", StandardCharsets.UTF_8);
        Files.writeString(m.resolve("json-partner.yaml"), "id: json-partner\nnetwork: JSON network\nkind: json\nurl: " + dir.resolve("partner.json")
                + "\nrecords: $.practices[*]\nfields:\n  recordId: $.ref\n  title: $.title\n  summary: $.text\n  description: $.text\n");
        Files.writeString(dir.resolve("feed.json"), "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"p2p\", \"items\": ["
                + "{\"id\": \"F1\", \"url\": \"https://p2p.example/f1\", \"title\": \"Diaspora\\u0001 bonds\\ufffe\", "
                + "\"content_html\": \"<p>Bonds \\u0007for\\ud83d diaspora</p>\", \"tags\": [\"remit\\u0002tances\"]}]}", StandardCharsets.UTF_8);
        Files.writeString(m.resolve("feed-partner.yaml"), "id: feed-partner\nnetwork: Feed network\nkind: jsonfeed\nurl: " + dir.resolve("feed.json") + "\n");
        Path drop = Files.createDirectories(dir.resolve("drop"));
        Files.writeString(drop.resolve("rows.csv"), "ref,name,about\nC1,Mobile\u0001 consular\u0000 units,Vans\u001b visiting\u007f farms\n",
                StandardCharsets.UTF_8);
        Files.writeString(m.resolve("csv-partner.yaml"), "id: csv-partner\nnetwork: CSV network\nkind: csv\nurl: " + drop
                + "\nfields:\n  recordId: ref\n  title: name\n  summary: about\n");
        return m;
    }

    private int once(Path data, Path mappings, ByteArrayOutputStream err) {
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", data.toString()).set("hub.mappings-dir", mappings.toString());
            return Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8));
        }
    }

    @Test
    void valuesWithCharactersXmlCannotCarryAreStoredReplacedCountedAndPublished() throws Exception {
        Path data = dir.resolve("data");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(once(data, mappings(), err)).as(err.toString(StandardCharsets.UTF_8)).isZero();

        Path depository = data.resolve("depository");
        List<String> titles = new ArrayList<>();
        try (var files = Files.list(depository.resolve("practices"))) {
            for (Path f : files.toList()) {
                JsonNode doc = TestSupport.JSON.readTree(f.toFile());
                assertThat(TestSupport.practiceViolations(doc)).isEmpty();
                titles.add(doc.get("title").asText());
                assertThat(XmlChars.allowed(Files.readString(f))).as(f.toString()).isTrue();
            }
        }
        assertThat(titles).containsExactlyInAnyOrder("Return\uFFFDdesk\uFFFD in Manila", "Skills passport \uFFFD for seafarers",
                "Diaspora\uFFFD bonds\uFFFD", "Mobile\uFFFD consular\uFFFD units");

        String atom = Files.readString(depository.resolve("feed.atom"), StandardCharsets.UTF_8);
        SyndFeed feed = new SyndFeedInput().build(new StringReader(atom));
        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle).containsExactlyInAnyOrderElementsOf(titles);
        assertThat(feedparser(depository.resolve("feed.atom"))).containsExactlyInAnyOrderElementsOf(titles);

        JsonNode jsonFeed = TestSupport.JSON.readTree(depository.resolve("feed.json").toFile());
        assertThat(jsonFeed.get("items")).hasSize(4);
        assertThat(XmlChars.allowed(Files.readString(depository.resolve("feed.json")))).isTrue();

        // counted per source in the run report, where the facilitator reads it
        JsonNode report;
        try (var reports = Files.list(data.resolve("reports"))) {
            report = TestSupport.JSON.readTree(reports.findFirst().orElseThrow().toFile());
        }
        for (JsonNode s : report.get("sources")) {
            assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("ok");
            assertThat(s.get("notes").toString()).as(s.toString()).contains("replaced with U+FFFD");
        }
    }

    @Test
    void aValueStoredBeforeIsReplacedByTheWritersAndPublishingGoesOn() throws Exception {
        Path data = dir.resolve("data");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path mappings = mappings();
        assertThat(once(data, mappings, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();

        // a store written by a version that let them through: the document as Jackson wrote it then (a control
        // character escaped, a lone surrogate raw), the title column raw
        try (Db db = new Db("jdbc:h2:file:" + data.resolve("db/hub"), "sa", "")) {
            db.tx(c -> {
                Db.update(c, "UPDATE practice SET doc = REPLACE(doc, 'Manila', ?), title = REPLACE(title, 'Manila', ?), version = version + 1"
                        + " WHERE title LIKE '%Manila%'", "Ma\\u0001ni\uDBFFla", "Ma\u0001ni\uDBFFla");
                Db.update(c, "INSERT INTO change_event (practice_id, kind, version, at) SELECT id, 'updated', version, last_changed"
                        + " FROM practice WHERE title LIKE '%ni%la%'");
                return null;
            });
        }
        err.reset();
        assertThat(once(data, mappings, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path depository = data.resolve("depository");
        String atom = Files.readString(depository.resolve("feed.atom"), StandardCharsets.UTF_8);
        assertThat(new SyndFeedInput().build(new StringReader(atom)).getEntries()).extracting(SyndEntry::getTitle)
                .contains("Return\uFFFDdesk\uFFFD in Ma\uFFFDni\uFFFDla");
        assertThat(feedparser(depository.resolve("feed.atom"))).contains("Return\uFFFDdesk\uFFFD in Ma\uFFFDni\uFFFDla");
        try (var files = Files.list(depository.resolve("practices"))) {
            for (Path f : files.toList()) {
                assertThat(XmlChars.allowed(Files.readString(f))).as(f.toString()).isTrue();
                assertThat(XmlChars.allowed(TestSupport.JSON.readTree(f.toFile()).get("title").asText())).as(f.toString()).isTrue();
            }
        }
        JsonNode report;
        try (var reports = Files.list(data.resolve("reports"))) {
            report = TestSupport.JSON.readTree(reports.sorted().reduce((a, b) -> b).orElseThrow().toFile());
        }
        assertThat(report.at("/depository/charactersReplaced").asInt()).as(report.toString()).isPositive();
    }

    @Test
    void aPracticeThatCannotBeWrittenIsLeftOutNamedAndTriedAgainWhileTheRestIsPublished() throws Exception {
        Path data = dir.resolve("data");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(once(data, mappings(), err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        int port = TestSupport.freePort();
        java.util.Map<String, String> config = java.util.Map.of("hub.data-dir", data.toString(), "hub.mappings-dir", dir.resolve("mappings").toString(),
                "camel.server.port", String.valueOf(port), "camel.health.exposure-level", "full", "hub.schedule.enabled", "false");
        try (HubInstance hub = HubInstance.start(config)) {
            Db db = hub.bean("db", Db.class);
            String broken = db.tx(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT id, doc FROM practice WHERE title LIKE 'Skills%'")) {
                    rs.next();
                    return rs.getString(1) + "\n" + rs.getString(2);
                }
            });
            String id = broken.substring(0, broken.indexOf('\n'));
            String doc = broken.substring(broken.indexOf('\n') + 1);
            // a damaged document and a change to another practice: the damaged one is left out, the other published
            db.tx(c -> {
                Db.update(c, "UPDATE practice SET doc = ?, version = version + 1 WHERE id = ?", "{\"id\": \"" + id + "\", \"title\": ", id);
                Db.update(c, "UPDATE practice SET doc = REPLACE(doc, 'Diaspora', 'Diaspora savings'), version = version + 1 WHERE title LIKE 'Diaspora%'");
                Db.update(c, "INSERT INTO change_event (practice_id, kind, version, at) SELECT id, 'updated', version, last_changed"
                        + " FROM practice WHERE id = ? OR title LIKE 'Diaspora%'", id);
                return null;
            });
            org.practicehub.publish.depository.Depository depository = hub.bean("depository", org.practicehub.publish.depository.Depository.class);
            for (int i = 1; i <= 3; i++) {
                java.util.Map<String, Object> counts = depository.publish();
                assertThat(counts.get("skipped")).as(counts.toString()).isInstanceOfSatisfying(java.util.Map.class,
                        m -> assertThat(m).containsOnlyKeys(id));
                String ready = readiness(port);
                if (i < 3) {
                    assertThat(ready).as("after %d publishes", i).startsWith("200 ");
                } else {
                    assertThat(ready).startsWith("503 ").contains("depository publisher failing", id);
                }
            }
            assertThat(Files.readString(data.resolve("depository/feed.atom"))).contains("Diaspora savings");
            assertThat(Files.readString(data.resolve("depository/feed.json"))).contains("Diaspora savings");

            // repaired: the next publish writes it, with no event of its own, and the publisher is ready again
            db.tx(c -> Db.update(c, "UPDATE practice SET doc = ? WHERE id = ?", doc.replace("Skills passport", "Skills card"), id));
            java.util.Map<String, Object> counts = depository.publish();
            assertThat(counts).doesNotContainKey("skipped");
            assertThat(Files.readString(data.resolve("depository/practices/" + id + ".json"))).contains("Skills card");
            assertThat(readiness(port)).startsWith("200 ");
        }
    }

    /** Readiness over HTTP: 200 or 503, and the body naming what is wrong. */
    private static String readiness(int port) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /** The entry titles feedparser reads from an Atom file, after checking it found the feed well-formed. */
    static List<String> feedparser(Path atom) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3: install python3-feedparser");
        Process check = new ProcessBuilder(python.toString(), "-c", "import feedparser").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        Assumptions.assumeTrue(check.waitFor() == 0, "feedparser is not installed: apt-get install python3-feedparser");
        Process p = new ProcessBuilder(python.toString(), TestSupport.project("bench/feedparser-check.py").toString(), atom.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode n = TestSupport.JSON.readTree(out);
        assertThat(n.get("bozo").asBoolean()).as(out).isFalse();
        List<String> titles = new ArrayList<>();
        n.get("titles").forEach(t -> titles.add(t.asText()));
        return titles;
    }

    /** Whether a text holds only characters XML 1.0 allows, by the spec's Char production. */
    static final class XmlChars {
        static boolean allowed(String s) {
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                        || (c >= 0x10000 && c <= 0x10FFFF);
                if (!ok) {
                    return false;
                }
                i += Character.charCount(c);
            }
            return true;
        }
    }
}
