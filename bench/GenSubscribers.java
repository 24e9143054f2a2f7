import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.practicehub.mapping.Vocabularies;
import org.practicehub.store.Db;
import org.practicehub.store.Subscriptions;

/**
 * Adds N confirmed weekly subscribers with varied filters to a hub's H2 store (for the digest benchmark),
 * through the real store; their digests start at the beginning of the store, so every practice is news.
 * Run: java -cp target/practice-hub.jar bench/GenSubscribers.java DATA_DIR N
 */
public class GenSubscribers {
    public static void main(String[] args) {
        Path data = Path.of(args[0]).toAbsolutePath();
        int n = Integer.parseInt(args[1]);
        Random rnd = new Random(7);
        String[] countries = {"PH", "NP", "BD", "LK", "VN", "ID", "MX", "GT", "HN", "SV", "MA", "TN", "SN", "KE", "ET"};
        String[] networks = {"Migration Network Hub", "AP-MagNet", "Regional Conference on Migration", "Peer-to-Peer Learning Programme"};
        List<String> themes = Vocabularies.THEMES;
        List<String> phases = Vocabularies.PHASES;
        try (Db db = new Db("jdbc:h2:file:" + data.resolve("db").resolve("hub") + ";QUERY_CACHE_SIZE=64", "sa", "")) {
            Subscriptions subs = new Subscriptions(db, Clock.systemUTC());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                List<String> f = new ArrayList<>();
                // one or two themes; then, each with its own chance, countries, a phase, an objective, a network
                f.add("theme=" + enc(themes.get(rnd.nextInt(themes.size())) + (rnd.nextBoolean() ? "," + themes.get(rnd.nextInt(themes.size())) : "")));
                if (rnd.nextInt(3) > 0) {
                    f.add("country=" + countries[rnd.nextInt(countries.length)] + (rnd.nextBoolean() ? "," + countries[rnd.nextInt(countries.length)] : ""));
                }
                if (rnd.nextInt(4) == 0) {
                    f.add("phase=" + enc(phases.get(rnd.nextInt(phases.size()))));
                }
                if (rnd.nextInt(6) == 0) {
                    f.add("gcmObjective=" + (1 + rnd.nextInt(23)));
                }
                if (rnd.nextInt(5) == 0) {
                    f.add("network=" + enc(networks[rnd.nextInt(networks.length)]));
                }
                String email = "member" + i + "@example.org";
                subs.request(email, String.join("&", f), "weekly", rnd.nextInt(5) == 0 ? "es" : "en");
                subs.confirm(subs.byEmail(email).orElseThrow().id(), 0);
            }
            System.out.printf("subscribed %d members in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
