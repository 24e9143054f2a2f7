package org.practicehub;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/practice-hub, the launcher the README and the benchmarks use: it runs the jar it is given, writes its class-data
 * archive on the first run and starts from it on the next, and says clearly when there is no jar to run.
 */
class LauncherTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(TestSupport.project("bin/practice-hub").toString()), Stream.of(args)).toList());
        pb.directory(TestSupport.project(".").toFile());
        for (String inherited : List.of("HUB_HEAP", "HUB_DB_URL", "HUB_DRY_RUN", "HUB_DATA_DIR", "HUB_FETCH_MAX_BYTES", "HUB_MAPPINGS_DIR")) {
            pb.environment().remove(inherited);
        }
        pb.environment().putAll(env);
        pb.environment().remove("HUB_SMTP_HOST");
        if (!env.containsKey("HUB_JAVA_OPTS")) {
            pb.environment().remove("HUB_JAVA_OPTS");
        }
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A jar of nothing but a manifest naming the test's class path: what `mvn package` builds, without packaging. */
    private Path jar() throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Hub.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("practice-hub.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }

    /** The java command the launcher would run (HUB_DRY_RUN), for these arguments and this environment. */
    private String command(Map<String, String> env, String... args) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HUB_JAR", jar().toString());
        all.put("HUB_DRY_RUN", "1");
        all.putIfAbsent("HUB_DATA_DIR", dir.resolve("data").toString());
        Run r = launch(all, args);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    /**
     * A quarter of the memory the process may use, in MB, as the launcher reads it: the machine's, or the container's
     * limit when lower (cgroup v2, then v1).
     */
    private static long quarter() throws IOException {
        long mem = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                mem = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        for (String f : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            Path p = Path.of(f);
            if (Files.isReadable(p)) {
                String v = Files.readString(p).trim();
                if (v.matches("[0-9]+") && (mem == 0 || Long.parseLong(v) < mem)) {
                    mem = Long.parseLong(v);
                }
            }
        }
        return mem / 4 / 1048576;
    }

    /** The heap flags: it starts at {@code start} MB and may grow to a quarter of the memory, never less than {@code least}. */
    private static String heap(long start, long least) throws IOException {
        return "-Xms" + start + "m -Xmx" + Math.max(least, quarter()) + "m ";
    }

    @Test
    void theHeapGrowsWithTheStore() throws Exception {
        // no store yet: the floors, a one-off run smaller than the service; a one-off run may grow when what is live needs
        // it, to a quarter of the memory and at least 60 MB more: room for one partner document at the fetch size limit (20 MB)
        assertThat(command(Map.of(), "--once")).contains(heap(144, 204), "-XX:MinHeapFreeRatio=10", "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:SurvivorRatio=4");
        assertThat(command(Map.of(), "--dedup-all")).contains(heap(144, 204));
        // the service stops at its start plus that room (its heap is sized from the store again at each start)
        assertThat(command(Map.of())).contains("-Xms128m -Xmx188m ", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
        // a smaller limit, smaller room; a value that is not a number of bytes counts as the default
        assertThat(command(Map.of("HUB_FETCH_MAX_BYTES", "5242880"), "--once")).contains(heap(144, 159));
        assertThat(command(Map.of("HUB_FETCH_MAX_BYTES", "20MB"), "--once")).contains(heap(144, 204));
        // the operator's options come last, so they win: C2 back for the service
        assertThat(command(Map.of("HUB_JAVA_OPTS", "-XX:TieredStopAtLevel=4"))).endsWith("-XX:TieredStopAtLevel=4 -jar " + dir.resolve("target")
                .resolve("practice-hub.jar") + "\n");
        // an embedded database of 1,000 MB (a sparse file: its length is what the launcher reads)
        Path db = Files.createDirectories(dir.resolve("data").resolve("db")).resolve("hub.mv.db");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(1000L * 1024 * 1024);
        }
        assertThat(command(Map.of(), "--once")).contains(heap(644, 704));
        assertThat(command(Map.of())).contains("-Xms664m -Xmx724m ");
        // the operator's word wins; with PostgreSQL there is no file to measure
        assertThat(command(Map.of("HUB_HEAP", "3g"), "--once")).contains("-Xmx3g ").doesNotContain("-Xms");
        assertThat(command(Map.of("HUB_DB_URL", "jdbc:postgresql://db/hub"), "--once")).contains(heap(144, 204));
        // a dry run writes no class-data archive and removes none
        try (Stream<Path> s = Files.list(dir.resolve("target"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".jsa"))).isEmpty();
        }
    }

    /**
     * A partner whose whole archive is one feed just under the fetch size limit (20 MB): read, parsed and stored by a
     * --once with the launcher's own heap, not a source error or an out-of-memory. (With the heap the launcher gave
     * before it had room for such a document, this run ran out of memory and waited for ever.)
     */
    @Test
    void aDocumentJustUnderTheSizeLimitFitsTheLaunchersHeap() throws Exception {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Archive</title>"
                + "<link>https://archive.example.org/</link><description>Every practice we ever shared</description>\n");
        java.util.Random r = new java.util.Random(7);
        String[] words = {"return", "migrant", "workers", "skills", "recognition", "diaspora", "remittances", "reintegration", "centre", "Côte",
            "d'Ivoire", "Türkiye", "Viet", "Nam", "counselling", "pre-departure", "orientation", "labour", "mobility", "fair", "recruitment"};
        int items = 0;
        while (b.length() < 19_500_000) {
            StringBuilder title = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                title.append(w == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
            }
            for (int w = 0; w < 100; w++) {
                body.append(w % 20 == 0 ? (w == 0 ? "&lt;p&gt;" : "&lt;/p&gt;&lt;p&gt;") : " ").append(words[r.nextInt(words.length)]);
            }
            b.append("<item><title>").append(title).append(' ').append(items).append("</title><link>https://archive.example.org/practices/")
                    .append(items).append("</link><guid>archive-").append(items).append("</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>")
                    .append("<category>Return and reintegration</category><description>").append(body).append("&lt;/p&gt;</description></item>\n");
            items++;
        }
        byte[] feed = b.append("</channel></rss>\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(feed.length).isBetween(19_000_000, 20 * 1024 * 1024 - 1);
        try (PartnerServer partner = new PartnerServer()) {
            partner.on("/archive.rss", q -> new PartnerServer.Answer(200, Map.of("Content-Type", "application/rss+xml"), feed));
            Path mappings = Files.createDirectories(dir.resolve("mappings"));
            Files.writeString(mappings.resolve("archive.yaml"), "id: archive\nnetwork: Archive network\nkind: rss\nurl: "
                    + partner.url("/archive.rss") + "\n");
            Run run = launch(Map.of("HUB_JAR", jar().toString(), "HUB_CDS", "false", "HUB_DATA_DIR", dir.resolve("data").toString(),
                    "HUB_MAPPINGS_DIR", mappings.toString(), "HUB_LOG_LEVEL", "WARN"), "--once");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("1 sources (0 failed), " + items + " records read: " + items + " new");
        }
    }

    @Test
    void runsTheJarWritesTheClassDataArchiveOnceAndStartsFromItNextTime() throws Exception {
        Path jar = jar();
        Map<String, String> env = Map.of("HUB_JAR", jar.toString(), "HUB_DATA_DIR", dir.resolve("data").toString());
        Run first = launch(env, "--once");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Practice Hub run: 3 sources (0 failed), 22 records read: 21 new");
        List<Path> archives;
        try (Stream<Path> s = Files.list(jar.getParent())) {
            archives = s.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
        }
        assertThat(archives).as("the class-data archive of this jar").hasSize(1);

        Run second = launch(env, "--once");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 new, 0 updated, 21 unchanged");
        // the archive's own messages stay out of the run's output
        assertThat(second.out() + second.err()).doesNotContain("[cds]");
    }

    @Test
    void withoutAJarItSaysHowToBuildOne() throws Exception {
        Run r = launch(Map.of("HUB_JAR", dir.resolve("missing.jar").toString()), "--once");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing.jar").contains("mvn -B -q package -DskipTests");
    }
}
