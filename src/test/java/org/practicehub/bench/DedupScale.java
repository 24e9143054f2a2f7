package org.practicehub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.practicehub.matching.DedupIndex;
import org.practicehub.matching.Decision;
import org.practicehub.matching.MatchRecord;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;

/**
 * Deduplication at scale: N synthetic practices stored in the matching index, then N new ones matched
 * against them through the same engine the store drives ({@link DedupIndex#prepare}, {@link DedupIndex#decide},
 * {@link DedupIndex#add}). A known share of the new records are near-duplicates of stored ones, from
 * another network: reworded and reordered titles, a partly rewritten summary, another URL, the organisation
 * sometimes by its acronym. The rest are distinct practices drawn from the same Zipf-distributed vocabulary,
 * so that common words are as common as in real text.
 *
 * <p>Prints one line: N, the time to index the stored half, the time to match the new half, records per second,
 * the heap the index holds, and the precision and recall of the merges against the known duplicates.
 * Generation is outside the timings. Usage: {@code DedupScale N [DUP_SHARE] [SEED]}; bench/dedup-scale.sh runs it.
 */
public final class DedupScale {

    private static final String[] COUNTRIES = {"MX", "GT", "HN", "SV", "CO", "EC", "PE", "BR", "AR", "CL", "PH", "ID", "VN", "TH",
            "NP", "BD", "IN", "LK", "PK", "AF", "KE", "ET", "NG", "GH", "SN", "MA", "TN", "EG", "JO", "LB", "TR", "DE", "ES", "IT", "FR",
            "SE", "US", "CA", "AU", "NZ", "KR", "JP", "ZA", "ZW", "UG", "SO", "SD", "MR", "ML", "NE"};
    private static final String[] DOMAIN = {"migrant", "workers", "programme", "centre", "labour", "integration", "return",
            "reintegration", "diaspora", "remittances", "skills", "recognition", "protection", "children", "women", "youth",
            "community", "network", "platform", "training", "support", "services", "access", "health", "education", "housing",
            "employment", "recruitment", "ethical", "border", "management", "regional", "national", "local", "municipal",
            "legal", "assistance", "information", "awareness", "campaign", "pathways", "mobility", "seasonal", "circular"};
    private static final String[] STOP = {"the", "of", "and", "for", "in", "a", "to", "with", "on", "through"};
    private static final String[] ORG_KIND = {"Foundation", "Ministry of", "Association", "Institute", "Council", "Alliance", "Agency"};
    private static final String[] NETWORKS = {"Migration Network Hub", "AP-MagNet", "Peer-to-Peer Learning Programme", "RCM"};

    private final SplittableRandom rnd;
    private final String[] vocab;
    private final double[] zipf;
    private final String[] orgNames;

    DedupScale(long seed, int vocabSize, int orgs) {
        rnd = new SplittableRandom(seed);
        vocab = new String[vocabSize];
        String[] syl = {"ka", "lo", "mi", "ne", "su", "ra", "to", "vi", "de", "pa", "go", "ri", "ba", "te", "nu", "sa", "mo", "li",
                "za", "fe", "ho", "qu", "ye", "wi"};
        for (int i = 0; i < vocabSize; i++) {
            StringBuilder w = new StringBuilder();
            int n = i;
            do {
                w.append(syl[n % syl.length]);
                n /= syl.length;
            } while (n > 0);
            w.append(i % 3 == 0 ? "n" : i % 3 == 1 ? "r" : "l");
            vocab[i] = w.toString();
        }
        zipf = new double[vocabSize];
        double sum = 0;
        for (int i = 0; i < vocabSize; i++) {
            sum += 1.0 / Math.pow(i + 1, 1.05);
            zipf[i] = sum;
        }
        for (int i = 0; i < vocabSize; i++) {
            zipf[i] /= sum;
        }
        orgNames = new String[orgs];
        for (int i = 0; i < orgs; i++) {
            orgNames[i] = ORG_KIND[rnd.nextInt(ORG_KIND.length)] + " " + cap(word()) + " " + cap(word()) + (rnd.nextBoolean() ? " " + cap(word()) : "");
        }
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private String word() {
        double u = rnd.nextDouble();
        int lo = 0;
        int hi = zipf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return vocab[lo];
    }

    private List<String> words(int min, int max, double domainShare) {
        int n = min + rnd.nextInt(max - min + 1);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            out.add(u < domainShare ? DOMAIN[rnd.nextInt(DOMAIN.length)] : u < domainShare + 0.15 ? STOP[rnd.nextInt(STOP.length)] : word());
        }
        return out;
    }

    /** A stored practice's fields, kept small so that a million of them can be regenerated on the fly. */
    record Spec(List<String> title, List<String> summary, String org, String acronym, String country, int year) {}

    Spec original() {
        String org = orgNames[rnd.nextInt(orgNames.length)];
        return new Spec(words(5, 9, 0.3), words(20, 35, 0.2), org, null, COUNTRIES[rnd.nextInt(COUNTRIES.length)], 1995 + rnd.nextInt(31));
    }

    /** The same initiative as another network words it. */
    Spec reworded(Spec s) {
        List<String> title = new ArrayList<>(s.title());
        int i = rnd.nextInt(title.size() - 1);
        title.add(i + 1, title.remove(i));                         // two words swap
        if (rnd.nextInt(3) == 0) {
            title.add(rnd.nextInt(title.size() + 1), STOP[rnd.nextInt(STOP.length)]);
        }
        if (rnd.nextInt(4) == 0 && title.size() > 5) {
            title.remove(rnd.nextInt(title.size()));               // one word dropped
        }
        List<String> summary = new ArrayList<>(s.summary());
        for (int k = 0; k < summary.size(); k++) {
            if (rnd.nextInt(5) == 0) {
                summary.set(k, word());                            // a fifth of the summary rewritten
            }
        }
        if (rnd.nextBoolean()) {
            summary = summary.subList(0, summary.size() * 2 / 3);  // or shortened
        }
        String acronym = null;
        String org = s.org();
        if (rnd.nextInt(3) == 0) {
            StringBuilder a = new StringBuilder();
            for (String w : org.split(" ")) {
                if (!w.equals("of")) {
                    a.append(Character.toUpperCase(w.charAt(0)));
                }
            }
            acronym = a.toString();
        }
        return new Spec(title, summary, org, acronym, s.country(), s.year());
    }

    static Practice doc(Spec s, String url) {
        String title = String.join(" ", s.title());
        title = Character.toUpperCase(title.charAt(0)) + title.substring(1);
        return new Practice(Practice.SCHEMA_VERSION, null, title, String.join(" ", s.summary()) + ".", null, List.of(),
                new Practice.GeographicScope("national", List.of(s.country()), List.of()),
                List.of(new Practice.Organisation(s.org(), s.acronym(), null)), List.of(), null, List.of(), List.of(), List.of(),
                List.of(), new Practice.Implementation(Integer.toString(s.year()), null), null, null, null, null,
                List.of(new Practice.Link(url, "website")), "en", List.of(), null, null, null);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        double dupShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.10;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int chunk = 10_000;
        // the vocabulary and the organisations grow with the collection, as they would in the real world
        DedupScale gen = new DedupScale(seed, Math.max(20_000, n / 4), Math.max(2_000, n / 10));
        DedupIndex index = new DedupIndex(Thresholds.DEFAULT);

        // stored: each record indexed as the store loads its index (learn, prepare, add); originals kept as
        // specs of their own (a few dozen bytes of words each) so the new half can reword them
        Spec[] stored = new Spec[n];
        long storeNanos = 0;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            List<Practice> docs = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                stored[i] = gen.original();
                docs.add(doc(stored[i], "https://a.example.org/practice/" + i));
            }
            long t0 = System.nanoTime();
            for (int i = from; i < to; i++) {
                RecordKey key = new RecordKey("stored-" + (i % 3), Integer.toString(i));
                MatchRecord r = index.prepare(key, NETWORKS[i % 3], docs.get(i - from), docs.get(i - from).links().get(0).url());
                index.add(r, "p" + i);
            }
            storeNanos += System.nanoTime() - t0;
        }

        // new: a known share reworded from a stored record by the fourth network, the rest distinct
        long matchNanos = 0;
        long truePositives = 0;
        long falsePositives = 0;
        long expected = 0;
        long reviews = 0;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            List<Practice> docs = new ArrayList<>(to - from);
            int[] twin = new int[to - from];
            for (int i = from; i < to; i++) {
                if (gen.rnd.nextDouble() < dupShare) {
                    int of = gen.rnd.nextInt(n);
                    twin[i - from] = of;
                    docs.add(doc(gen.reworded(stored[of]), "https://b.example.net/items/" + i));
                } else {
                    twin[i - from] = -1;
                    docs.add(doc(gen.original(), "https://b.example.net/items/" + i));
                }
            }
            long t0 = System.nanoTime();
            Decision[] decisions = new Decision[to - from];
            for (int i = from; i < to; i++) {
                Practice d = docs.get(i - from);
                MatchRecord r = index.prepare(new RecordKey("new", Integer.toString(i)), NETWORKS[3], d, d.links().get(0).url());
                Decision decision = index.decide(r, DedupIndex.Apart.NONE);
                index.add(r, decision.merges() ? decision.merge() : "q" + i);
                decisions[i - from] = decision;
            }
            matchNanos += System.nanoTime() - t0;
            for (int k = 0; k < decisions.length; k++) {
                Decision decision = decisions[k];
                if (twin[k] >= 0) {
                    expected++;
                }
                if (decision.merges()) {
                    if (twin[k] >= 0 && decision.merge().equals("p" + twin[k])) {
                        truePositives++;
                    } else {
                        falsePositives++;
                    }
                } else if (!decision.review().isEmpty()) {
                    reviews++;
                }
            }
        }
        stored = null;
        System.gc();
        long heap = 0;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap += pool.getUsage().getUsed();
                peak += pool.getPeakUsage().getUsed();
            }
        }
        double precision = truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        double recall = expected == 0 ? 1 : (double) truePositives / expected;
        System.out.printf(Locale.ROOT, "N=%d index %.2f s, match %.2f s (%.0f records/s), heap held %d MB (pool peaks %d MB),"
                        + " duplicates %d: precision %.4f recall %.4f, %d to review, index size %d%n",
                n, storeNanos / 1e9, matchNanos / 1e9, n / (matchNanos / 1e9), heap >> 20, peak >> 20, expected, precision, recall,
                reviews, index.size());
    }
}
