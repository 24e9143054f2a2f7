import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP client as the hub's Fetcher builds it, with its default executor ("pool", what Fetcher uses: each
 * step the client runs on its selector thread is handed to a pool thread) or with a same-thread one ("direct"):
 * rounds of 1,000 conditional GETs of the ingest workload's feeds from 4 threads, each body read to its end, a GET
 * whose connection closed unanswered sent again after 100 ms (Python's server overflows its listen queue). Prints the
 * wall and process CPU time of each round. Run by bench/http-client.sh.
 * <pre>
 * java bench/HttpClientExecutor.java BASE_URL FEEDS_TXT IF_MODIFIED_SINCE pool|direct
 * </pre>
 */
public class HttpClientExecutor {

    static final AtomicInteger RETRIES = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> names = Files.readAllLines(Path.of(args[1]));
        String since = args[2];
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (args[3].equals("direct")) {
            builder.executor(Runnable::run);
        }
        HttpClient http = builder.build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 8; round++) {
                long cpu0 = cpuTicks();
                long t0 = System.nanoTime();
                List<Future<Integer>> gets = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    URI uri = URI.create(base + names.get(i % names.size()));
                    gets.add(pool.submit(() -> get(http, uri, since)));
                }
                int notModified = 0;
                for (Future<Integer> g : gets) {
                    notModified += g.get() == 304 ? 1 : 0;
                }
                System.out.printf("%s round %d: 1000 GETs (%d x 304, %d retries), wall %.3f s, cpu %.3f s%n", args[3],
                        round, notModified, RETRIES.getAndSet(0), (System.nanoTime() - t0) / 1e9,
                        (cpuTicks() - cpu0) / 100.0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static int get(HttpClient http, URI uri, String since) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri).header("If-Modified-Since", since).GET().build();
        for (int tries = 1; ; tries++) {
            try {
                HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = res.body()) {
                    in.readAllBytes();
                }
                return res.statusCode();
            } catch (IOException e) {
                if (tries == 5) {
                    throw e;
                }
                RETRIES.incrementAndGet();
                Thread.sleep(100);
            }
        }
    }

    /** User and system time of this process, in clock ticks (100 a second). */
    static long cpuTicks() throws IOException {
        String[] stat = Files.readString(Path.of("/proc/self/stat")).split(" ");
        return Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
    }
}
