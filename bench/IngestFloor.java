import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * The least the hub's fixed stack does for a first poll of the ingest workload: fetch each feed (JDK HTTP client),
 * parse it (Rome), sanitise each entry's HTML (jsoup), write its document (Jackson) with a SHA-256, insert it into an
 * H2 file database (one transaction per feed, serialised), then write one JSON file per entry. No mapping onto the
 * schema, no vocabularies, no deduplication, no Camel, no change events, no run report: a floor, not a hub.
 *
 * Run by bench/ingest-floor.sh, next to the hub's own first {@code --once} on the same workload. THREADS 0 runs each
 * component over the whole workload in turn on one thread instead, to show what each costs on a cold JVM.
 * <pre>
 * java -cp target/practice-hub.jar bench/IngestFloor.java BASE_URL FEEDS_TXT DIR [THREADS]
 * </pre>
 */
public class IngestFloor {

    /** Each component over the whole workload in turn, on one thread: what each costs on a cold JVM. */
    static void stages(String base, List<String> names, Path dir) throws Exception {
        long t = System.nanoTime();
        StringBuilder out = new StringBuilder();
        HttpClient http = HttpClient.newBuilder().build();
        List<byte[]> bodies = new ArrayList<>();
        for (String name : names) {
            bodies.add(http.send(HttpRequest.newBuilder(URI.create(base + name)).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        }
        t = lap(out, "fetch", t);
        List<SyndFeed> feeds = new ArrayList<>();
        for (byte[] b : bodies) {
            SyndFeedInput in = input();
            feeds.add(in.build(new InputStreamReader(new ByteArrayInputStream(b), StandardCharsets.UTF_8)));
        }
        t = lap(out, "Rome", t);
        Safelist safe = Safelist.basic();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (SyndFeed feed : feeds) {
            for (SyndEntry e : feed.getEntries()) {
                String html = e.getDescription() != null ? e.getDescription().getValue()
                        : e.getContents().isEmpty() ? "" : e.getContents().get(0).getValue();
                String clean = Jsoup.clean(html == null ? "" : html, feed.getLink() == null ? "" : feed.getLink(), safe);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("id", feed.getLink() + "#" + (e.getUri() != null ? e.getUri() : e.getLink()));
                doc.put("title", e.getTitle());
                doc.put("link", e.getLink());
                doc.put("published", e.getPublishedDate() == null ? null : e.getPublishedDate().toInstant().toString());
                doc.put("summaryHtml", clean);
                doc.put("summary", Jsoup.parse(clean).text());
                docs.add(doc);
            }
        }
        t = lap(out, "jsoup", t);
        ObjectMapper json = new ObjectMapper();
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Object[]> rows = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String text = json.writeValueAsString(doc);
            rows.add(new Object[] {doc.get("id"), doc.get("title"), doc.get("link"),
                    HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8))), pretty.writeValueAsString(doc)});
        }
        t = lap(out, "Jackson+SHA-256", t);
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.toAbsolutePath().resolve("db") + ";CACHE_SIZE=8192", "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE practice (id VARCHAR PRIMARY KEY, title VARCHAR, link VARCHAR, hash VARCHAR, doc VARCHAR)");
                s.execute("CREATE INDEX practice_link ON practice (link)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO practice (id, title, link, hash, doc) VALUES (?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        ps.setObject(i + 1, row[i]);
                    }
                    ps.executeUpdate();
                    if (++n % 50 == 0) {
                        c.commit();
                    }
                }
            }
            c.commit();
        }
        t = lap(out, "H2", t);
        int i = 0;
        for (Object[] row : rows) {
            Path f = dir.resolve("files").resolve("p" + (i++) + ".json");
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, (String) row[4]);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        }
        lap(out, "files", t);
        System.out.println("items " + rows.size() + ":" + out);
    }

    /** Rome with DOCTYPEs refused and without its character-at-a-time healer, as the hub parses a well-formed feed. */
    private static SyndFeedInput input() {
        SyndFeedInput in = new SyndFeedInput();
        in.setAllowDoctypes(false);
        in.setXmlHealerOn(false);
        return in;
    }

    private static long lap(StringBuilder out, String what, long since) {
        long now = System.nanoTime();
        out.append(String.format(" %s %.2f s", what, (now - since) / 1e9));
        return now;
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String base = args[0];
        List<String> names = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        Path dir = Path.of(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Files.createDirectories(dir.resolve("files"));
        if (threads == 0) {
            stages(base, names, dir);
            return;
        }
        HttpClient http = HttpClient.newBuilder().build();
        ObjectMapper json = new ObjectMapper();
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Safelist safe = Safelist.basic();
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.toAbsolutePath().resolve("db") + ";CACHE_SIZE=8192", "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE practice (id VARCHAR PRIMARY KEY, title VARCHAR, link VARCHAR, hash VARCHAR, doc VARCHAR)");
                s.execute("CREATE INDEX practice_link ON practice (link)");
            }
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> done = new ArrayList<>();
            List<Map<String, Object>> all = java.util.Collections.synchronizedList(new ArrayList<>());
            for (String name : names) {
                done.add(pool.submit(() -> {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + name)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    SyndFeedInput in = input();
                    SyndFeed feed = in.build(new InputStreamReader(new ByteArrayInputStream(r.body()), StandardCharsets.UTF_8));
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    List<Object[]> rows = new ArrayList<>();
                    for (SyndEntry e : feed.getEntries()) {
                        String html = e.getDescription() != null ? e.getDescription().getValue()
                                : e.getContents().isEmpty() ? "" : e.getContents().get(0).getValue();
                        String clean = Jsoup.clean(html == null ? "" : html, feed.getLink() == null ? "" : feed.getLink(), safe);
                        Map<String, Object> doc = new LinkedHashMap<>();
                        String id = name + "#" + (e.getUri() != null ? e.getUri() : e.getLink());
                        doc.put("id", id);
                        doc.put("title", e.getTitle());
                        doc.put("link", e.getLink());
                        doc.put("published", e.getPublishedDate() == null ? null : e.getPublishedDate().toInstant().toString());
                        doc.put("summaryHtml", clean);
                        doc.put("summary", Jsoup.parse(clean).text());
                        String text = json.writeValueAsString(doc);
                        String hash = HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
                        rows.add(new Object[] {id, e.getTitle(), e.getLink(), hash, pretty.writeValueAsString(doc)});
                        all.add(doc);
                    }
                    synchronized (c) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO practice (id, title, link, hash, doc) VALUES (?, ?, ?, ?, ?)")) {
                            for (Object[] row : rows) {
                                for (int i = 0; i < row.length; i++) {
                                    ps.setObject(i + 1, row[i]);
                                }
                                ps.executeUpdate();
                            }
                        }
                        c.commit();
                    }
                    return rows.size();
                }));
            }
            int n = 0;
            for (Future<Integer> f : done) {
                n += f.get();
            }
            pool.shutdown();
            long t2 = System.nanoTime();
            int i = 0;
            for (Map<String, Object> doc : all) {
                Path f = dir.resolve("files").resolve("p" + (i++) + ".json");
                Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
                Files.write(tmp, pretty.writeValueAsBytes(doc));
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            }
            long t3 = System.nanoTime();
            System.out.printf("items %d: start %.2f s, sources %.2f s, files %.2f s%n", n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        }
    }
}
