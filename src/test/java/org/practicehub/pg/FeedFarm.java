package org.practicehub.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;

/**
 * RSS feeds of partners on a real loopback HTTP server, with their mapping files: feed f holds
 * {@code base + generation * step} items, so moving the generation on gives every feed new items. Titles are drawn
 * from a word list, far enough apart that deduplication never joins two of them.
 */
public final class FeedFarm {

    private static final String[] WORDS = ("consular outreach return desk helpline domestic workers recruitment fair ethical"
            + " remittance savings diaspora bond skills passport mobility reintegration shelter hotline orientation pre-departure"
            + " labour attache migrant resource centre language training mentoring youth women seasonal harvest fisheries"
            + " seafarers caregivers nurses engineers teachers students refugees asylum integration housing legal aid clinic"
            + " microfinance cooperative entrepreneurship digital wallet identity registration census data portal survey").split(" ");

    public final PartnerServer server;
    public final int feeds;
    private final int base;
    private final int step;
    public final AtomicInteger generation = new AtomicInteger();

    public FeedFarm(int feeds, int base, int step) throws IOException {
        this.server = new PartnerServer();
        this.feeds = feeds;
        this.base = base;
        this.step = step;
        for (int f = 0; f < feeds; f++) {
            int feed = f;
            server.on(path(f), r -> Answer.ok("application/rss+xml", rss(feed, itemsAt(generation.get()))));
        }
    }

    public static String path(int f) {
        return "/feed-" + f + ".rss";
    }

    public int itemsAt(int gen) {
        return base + gen * step;
    }

    /** Every item of every feed at this generation: the practices a complete ingest stores. */
    public int totalAt(int gen) {
        return feeds * itemsAt(gen);
    }

    static String title(int feed, int item) {
        StringBuilder t = new StringBuilder();
        long h = (feed * 7919L + item * 104729L) * 2654435761L;
        for (int w = 0; w < 7; w++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            t.append(w == 0 ? "" : " ").append(WORDS[(int) Math.floorMod(h >>> 33, WORDS.length)]);
        }
        return t.append(" (feed ").append(feed).append(", no. ").append(item).append(')').toString();
    }

    public String rss(int feed, int items) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Partner ").append(feed)
                .append("</title><link>http://partner-").append(feed).append(".example/</link><description>d</description>");
        for (int i = 0; i < items; i++) {
            b.append("<item><title>").append(title(feed, i)).append("</title><link>http://partner-").append(feed).append(".example/gp/")
                    .append(i).append("</link><guid>gp-").append(feed).append('-').append(i).append("</guid><description>Practice ")
                    .append(i).append(" of partner ").append(feed).append(".</description></item>");
        }
        return b.append("</channel></rss>").toString();
    }

    /** One mapping file per feed in the folder, polled on this schedule ("1s", or a Quartz cron). */
    public Path mappings(Path dir, String schedule) throws IOException {
        Files.createDirectories(dir);
        for (int f = 0; f < feeds; f++) {
            Files.writeString(dir.resolve("partner-" + f + ".yaml"), "id: partner-" + f + "\nnetwork: Partner network " + f
                    + "\nkind: rss\nurl: " + server.url(path(f)) + "\nschedule: " + schedule + "\nlanguage: en\n", StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** The requests each feed has had, for checking that a schedule fired on one instance at a time. */
    public Map<Integer, java.util.List<PartnerServer.Request>> requests() {
        Map<Integer, java.util.List<PartnerServer.Request>> out = new java.util.TreeMap<>();
        for (int f = 0; f < feeds; f++) {
            out.put(f, server.requests(path(f)));
        }
        return out;
    }

    public void close() {
        server.close();
    }
}
