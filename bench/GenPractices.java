import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.practicehub.mapping.Mapped;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.model.Practice;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceOptions;
import org.practicehub.store.Db;
import org.practicehub.store.PracticeStore;

/**
 * Fills a hub's H2 store with N synthetic practices (for the read API benchmark), through the real store.
 * Run: java -cp target/practice-hub.jar bench/GenPractices.java DATA_DIR N
 */
public class GenPractices {
    public static void main(String[] args) {
        Path data = Path.of(args[0]).toAbsolutePath();
        int n = Integer.parseInt(args[1]);
        Random rnd = new Random(42);
        List<String> themes = Vocabularies.THEMES;
        List<String> phases = Vocabularies.PHASES;
        String[] countries = {"PH", "NP", "BD", "LK", "VN", "ID", "MX", "GT", "HN", "SV", "MA", "TN", "SN", "KE", "ET"};
        String[] networks = {"Migration Network Hub", "AP-MagNet", "Regional Conference on Migration", "Peer-to-Peer Learning Programme"};
        String[] words = ("migrant workers recruitment reintegration diaspora remittances skills training labour mobility protection "
                + "consular services information centre return programme partnership policy inclusion media data women youth").split(" ");
        try (Db db = new Db("jdbc:h2:file:" + data.resolve("db").resolve("hub") + ";QUERY_CACHE_SIZE=64", "sa", "")) {
            PracticeStore store = new PracticeStore(db, Clock.systemUTC());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String network = networks[i % networks.length];
                SourceDef s = new SourceDef("bench-" + (i % networks.length), network, Kind.JSON, "x", null, "$", "en", true, Map.of(), Map.of(),
                        Map.of(), SourceOptions.NONE, null);
                StringBuilder title = new StringBuilder();
                for (int w = 0; w < 6; w++) {
                    title.append(w == 0 ? "" : " ").append(words[rnd.nextInt(words.length)]);
                }
                String summary = title + " in " + countries[rnd.nextInt(countries.length)] + ": a practice shared for the benchmark, number " + i + ".";
                Practice p = new Practice(1, null, title.toString(), summary, new Practice.Description(summary, "<p>" + summary + "</p>"),
                        List.of("Project/Programme"), new Practice.GeographicScope("national", List.of(countries[rnd.nextInt(countries.length)]), List.of()),
                        List.of(new Practice.Organisation("International Labour Organization", "ILO", null)), List.of(),
                        new Practice.GcmObjectives(List.of(1 + rnd.nextInt(23)), List.of()), List.of(), List.of(String.valueOf(1 + rnd.nextInt(17))),
                        List.of(phases.get(rnd.nextInt(phases.size()))), List.of(themes.get(rnd.nextInt(themes.size())), themes.get(rnd.nextInt(themes.size()))),
                        null, null, null, null, null, List.of(), "en", List.of(), null, null, null);
                store.save(s, new Mapped("r-" + i, "https://example.org/p/" + i, null, null, p));
            }
            System.out.printf("stored %d practices in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
    }
}
