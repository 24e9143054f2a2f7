package org.practicehub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an operator runs it: {@code --once} in its own JVM, configured from the environment. */
class OnceCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run once(Path data) throws IOException, InterruptedException {
        return hub(java.util.Map.of("HUB_DATA_DIR", data.toString()), "--once");
    }

    /** The hub's command line in a JVM of its own, with these environment variables. */
    private Run hub(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.practicehub.Hub"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(TestSupport.project(".").toFile());
        pb.environment().remove("HUB_SMTP_HOST");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("--once finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void onceWritesTheDepositoryAReportAndOneDigestThenASecondRunAddsNothing() throws Exception {
        Path data = dir.resolve("data");
        Run first = once(data);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Practice Hub run: 3 sources (0 failed), 22 records read: 21 new")
                .contains("depository: {practices=20,").contains("digest community-updates: written (20 practices, 1 messages)");
        assertThat(list(data.resolve("outbox"))).hasSize(1).allSatisfy(f -> assertThat(f.toString()).endsWith(".eml"));
        String eml = Files.readString(list(data.resolve("outbox")).get(0), StandardCharsets.UTF_8);
        assertThat(eml).contains("Content-Type: multipart/alternative").contains("Subject: Community Updates: 20 new practices");
        assertThat(eml.indexOf("Content-Type: text/plain")).isPositive().isLessThan(eml.indexOf("Content-Type: text/html"));
        // 21 records, 20 practices: the Laguna centre comes from two networks and is one practice
        assertThat(list(data.resolve("depository/practices"))).hasSize(20);
        assertThat(Files.exists(data.resolve("admin-token"))).isTrue();
        assertThat(Files.getPosixFilePermissions(data.resolve("admin-token"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        // the token's location is logged, never the token itself
        assertThat(first.err()).doesNotContain(Files.readString(data.resolve("admin-token")).trim());

        Run second = once(data);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 new, 0 updated, 21 unchanged");
        assertThat(list(data.resolve("outbox"))).hasSize(1);
        assertThat(list(data.resolve("reports"))).hasSize(2);
    }

    @Test
    void onceExitsWithItsOwnCodeAndAOneLineReasonWhenNoSourceWasRead() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("gone.yaml"), "id: gone\nnetwork: Gone\nkind: rss\nurl: nowhere.rss\n");
        Files.writeString(mappings.resolve("away.yaml"), "id: away\nnetwork: Away\nkind: json\nurl: http://127.0.0.1:"
                + TestSupport.freePort() + "/x.json\nrecords: $[*]\nfields:\n  recordId: $.id\n  title: $.t\n");
        Run run = hub(java.util.Map.of("HUB_DATA_DIR", dir.resolve("data").toString(), "HUB_MAPPINGS_DIR", mappings.toString()), "--once");
        assertThat(run.code()).as(run.err()).isEqualTo(Hub.NOTHING_READ).isEqualTo(4);
        // the summary still says what happened to each source; the last line of standard error says why the code
        assertThat(run.out()).contains("Practice Hub run: 2 sources (2 failed)");
        List<String> lines = run.err().lines().filter(l -> l.startsWith("practice-hub: ")).toList();
        assertThat(lines).singleElement().asString().startsWith("practice-hub: no source was read: 2 of 2 failed, 0 skipped; away: ");
        // the run still completed: its report is written
        assertThat(list(dir.resolve("data/reports"))).hasSize(1);
    }

    @Test
    void aHubWithNoSourceReadsNothingAndSaysSo() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("empty"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString());
            assertThat(Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Hub.NOTHING_READ);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo("practice-hub: no source was read: there is no active source (hub.mappings-dir)");
    }

    @Test
    void aDataFolderAnotherHubHoldsIsNamedWithWhatToDo() throws Exception {
        Path data = dir.resolve("data");
        // the service holding the embedded database: another process has the file open
        try (org.practicehub.store.Db held = new org.practicehub.store.Db("jdbc:h2:file:" + data.resolve("db/hub"), "sa", "")) {
            Run run = hub(java.util.Map.of("HUB_DATA_DIR", data.toString()), "--once");
            assertThat(run.code()).as(run.err()).isEqualTo(Hub.CANNOT_START);
            assertThat(run.err().lines().filter(l -> l.startsWith("practice-hub: ")).toList()).singleElement().asString()
                    .isEqualTo("practice-hub: cannot run: another Practice Hub is using " + data + "/: stop it or set HUB_DATA_DIR");
            assertThat(run.err()).doesNotContain("The file is locked").doesNotContain("90020");
        }
    }

    @Test
    void helpListsTheExitCodesAndVersionPrintsTheBuildsVersion() throws Exception {
        Run help = hub(java.util.Map.of(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--version").contains("Exit status of --once")
                .contains("  0  done").contains("  2  the run could not start").contains("  4  --once only: no source was read");
        Run version = hub(java.util.Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out().trim()).matches("practice-hub \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        Run wrong = hub(java.util.Map.of(), "--twice");
        assertThat(wrong.code()).isEqualTo(Hub.CANNOT_START);
        assertThat(wrong.err()).startsWith("practice-hub: unknown option --twice");
    }

    @Test
    void aMalformedMappingStopsStartUpNamingTheFileTheLineAndTheProblem() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("partner.yaml"), "id: partner\nnetwork: Partner\nkind: feed\nurl: x.rss\nfields:\n  titel: title\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString());
            code = Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        assertThat(code).isEqualTo(2);
        String message = err.toString(StandardCharsets.UTF_8).trim();
        assertThat(message).hasLineCount(1).contains("partner.yaml:6").contains("unknown schema field 'titel'");
        assertThat(Files.exists(dir.resolve("data/depository"))).isFalse();
    }

    @Test
    void dedupAllRunsOverTheWholeStoreWithTheCurrentThresholds() throws Exception {
        Path data = dir.resolve("data");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", data.toString());
            assertThat(Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8))).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(list(data.resolve("depository/practices"))).hasSize(20);

            // stricter thresholds: the Laguna pair (a merge of the matcher's, not of the facilitator) comes apart
            props.set("hub.dedup.merge-threshold", "0.95").set("hub.dedup.review-threshold", "0.7");
            assertThat(Hub.runDedupAll(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                    .as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Practice Hub dedup-all: 21 records, 20 practices before, 21 after (2 changed)")
                    .contains("0 merged pairs, 1 for review");
            assertThat(list(data.resolve("depository/practices"))).hasSize(21);

            out.reset();
            props.set("hub.dedup.merge-threshold", "0.8").set("hub.dedup.review-threshold", "0.6");
            assertThat(Hub.runDedupAll(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("21 records, 21 practices before, 20 after (1 changed); 1 merged pairs, 0 for review");
        }
        // the younger Laguna id now redirects: its depository file is a small redirect record
        List<JsonNode> redirects = new java.util.ArrayList<>();
        for (Path f : list(data.resolve("depository/practices"))) {
            JsonNode doc = TestSupport.JSON.readTree(f.toFile());
            if (doc.has("redirect")) {
                assertThat(TestSupport.redirectViolations(doc)).isEmpty();
                redirects.add(doc);
            } else {
                assertThat(TestSupport.practiceViolations(doc)).isEmpty();
            }
        }
        assertThat(redirects).hasSize(1);
    }

    private static List<Path> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
