package org.practicehub.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.practicehub.mapping.MappingFiles;
import org.practicehub.mapping.Mapper;
import org.practicehub.mapping.Validator;
import org.practicehub.matching.Thresholds;
import org.practicehub.publish.depository.Depository;
import org.practicehub.publish.digest.DigestDef;
import org.practicehub.publish.digest.DigestRenderer;
import org.practicehub.publish.digest.DigestFiles;
import org.practicehub.publish.digest.Digests;
import org.practicehub.run.HubMetrics;
import org.practicehub.publish.digest.Updates;
import org.practicehub.publish.subscription.Mails;
import org.practicehub.publish.subscription.Tokens;
import org.practicehub.store.DigestIndex;
import org.practicehub.store.Subscriptions;
import org.practicehub.run.Runs;
import org.practicehub.source.CsvDrop;
import org.practicehub.source.Fetcher;
import org.practicehub.source.Parser;
import org.practicehub.source.Reader;
import org.practicehub.source.Room;
import org.practicehub.source.Sources;
import org.practicehub.store.Db;
import org.practicehub.store.StoreCheck;
import org.practicehub.store.Editions;
import org.practicehub.store.HubSettings;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;
import org.practicehub.web.AdminAuth;
import org.practicehub.web.Api;
import org.practicehub.web.ReviewApi;

/**
 * The one place where the hub's beans are built from configuration and handed to Camel.
 * Every value comes from application.properties, a system property or an environment variable.
 */
public class HubConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry reg = context.getRegistry();
        Clock clock = Clock.systemUTC();
        Path data = Path.of(prop(props, "hub.data-dir")).toAbsolutePath().normalize();
        Path mappings = Path.of(prop(props, "hub.mappings-dir")).toAbsolutePath().normalize();
        String publicUrl = publicUrl(props);

        // a wrong mapping file stops the hub here, naming the file, the line and the problem
        Sources sources = new Sources(MappingFiles.load(mappings));
        String dbUrl = prop(props, "hub.db.url");
        Db db = openDb(props, dbUrl, data);
        // what a crash left of a transaction that did not survive whole is undone before anything reads the store
        StoreCheck.repair(db);
        String instance = instanceId(prop(props, "hub.instance-id"));
        HubSettings settings = new HubSettings(db, clock, instance);
        // several instances share a PostgreSQL database: schedules fire on one of them (docs/ARCHITECTURE.md, "Storage and instances")
        // a --once run (schedules off) must not join the cluster: it would take firings meant for the services
        boolean clustered = db.postgres() && Boolean.parseBoolean(prop(props, "hub.cluster.enabled"))
                && Boolean.parseBoolean(prop(props, "hub.schedule.enabled"));
        if (clustered) {
            QuartzCluster.configure(context, db, instance, Long.parseLong(prop(props, "hub.cluster.checkin-interval-ms")),
                    Integer.parseInt(prop(props, "hub.cluster.threads")));
        }
        reg.bind("hubCluster", new SourceSchedules.Mode(clustered, instance));
        Thresholds thresholds = new Thresholds(Double.parseDouble(prop(props, "hub.dedup.merge-threshold")),
                Double.parseDouble(prop(props, "hub.dedup.review-threshold")), Boolean.parseBoolean(prop(props, "hub.dedup.merge-within-source")));
        // how other hubs recognise a practice that started here when it comes back to us through them
        org.practicehub.store.HubIdentity.Resolved identity = org.practicehub.store.HubIdentity.resolve(props.resolveProperty("hub.id").orElse(""), settings, db,
                legacyIdentity(props));
        String hubId = identity.id();
        org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).info("This hub's identity: {} ({})", hubId, identity.how());
        PracticeStore store = new PracticeStore(db, clock, thresholds, list(prop(props, "hub.dedup.network-priority")), hubId);
        SourceStates states = new SourceStates(db, clock, duration(props, "hub.sources.backoff-base"), duration(props, "hub.sources.backoff-max"));

        reg.bind("db", db);
        reg.bind("sources", sources);
        long maxBytes = Long.parseLong(prop(props, "hub.fetch.max-bytes"));
        Fetcher fetcher = new Fetcher(Duration.ofMillis(Long.parseLong(prop(props, "hub.fetch.connect-timeout-ms"))),
                Duration.ofMillis(Long.parseLong(prop(props, "hub.fetch.read-timeout-ms"))), maxBytes, prop(props, "hub.fetch.user-agent"), clock);
        // a secret named by a mapping's auth.env: from the environment (a system property of that name serves in tests)
        Function<String, String> env = name -> System.getenv(name) != null ? System.getenv(name) : System.getProperty(name);
        // polls run in parallel; the heap has room for one document at the size limit (bin/practice-hub)
        Room room = Room.forLimit(maxBytes);
        reg.bind("room", room);
        reg.bind("reader", new Reader(fetcher, new Parser(), new CsvDrop(maxBytes, clock), states, clock, env, room));
        int parallelism = Integer.parseInt(prop(props, "hub.sources.parallelism"));
        reg.bind("sourcePool", context.getExecutorServiceManager().newFixedThreadPool(HubConfiguration.class, "sources", parallelism));
        reg.bind("mapper", new Mapper());
        reg.bind("validator", new Validator());
        reg.bind("store", store);
        reg.bind("dedup", store.dedup());
        reg.bind("reviewApi", new ReviewApi(store.dedup()));
        reg.bind("sourceStates", states);
        // the hub's meters go into the registry of Camel's metrics service (camel.metrics.*): one /observe/metrics for both
        HubMetrics metrics = new HubMetrics(() -> reg.findSingleByType(io.micrometer.core.instrument.MeterRegistry.class));
        metrics.gauge("hub.merged.pairs", "record pairs merged into one practice, now (the store's count)", db,
                d -> d.count("SELECT COUNT(*) FROM match_pair WHERE status = 'merged'"));
        metrics.gauge("hub.push.dead.letters", "push deliveries dead-lettered, waiting for a replay, now (the store's count)", db,
                d -> d.count("SELECT COUNT(*) FROM push_delivery WHERE status = 'dead'"));
        metrics.gauge("hub.push.backlog", "push deliveries waiting, now (the store's count)", db,
                d -> d.count("SELECT COUNT(*) FROM push_delivery WHERE status = 'pending'"));
        reg.bind("runs", new Runs(data.resolve("reports"), states, clock, System.out, metrics, store::pending));
        // on a shared database each instance's folder follows the change events with its own mark
        Depository depository = new Depository(store, data.resolve("depository"), publicUrl, prop(props, "hub.title"),
                Integer.parseInt(prop(props, "hub.depository.feed-entries")), db.postgres() ? "depository@" + instance : "depository");
        reg.bind("depository", depository);
        reg.bind("depositoryReadiness", new Readiness.Publisher(depository.health()));

        org.practicehub.web.RateLimit publicLimit = new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.http.rate-limit")), clock);
        // digests: the files of the digests folder, else the one digest of the hub.digest.* keys
        DigestDef fallback = new DigestDef(prop(props, "hub.digest.id"), prop(props, "hub.digest.title"), prop(props, "hub.digest.network"),
                prop(props, "hub.digest.cron"), ZoneId.of(prop(props, "hub.digest.time-zone")),
                new DigestDef.Audience(list(prop(props, "hub.digest.frequencies")), list(prop(props, "hub.digest.recipients"))),
                DigestDef.Grouping.valueOf(prop(props, "hub.digest.grouping").toUpperCase(java.util.Locale.ROOT)), DigestDef.Template.DEFAULT);
        List<DigestDef> defs = DigestFiles.load(Path.of(prop(props, "hub.digests-dir")).toAbsolutePath().normalize(), fallback);
        Editions editions = new Editions(db, clock);
        if (!db.postgres()) {
            // the H2 file is this process's alone: a run claimed in it is one a stopped process left half-done
            for (String left : editions.releaseLeftClaims()) {
                org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).warn("digest {}: a run did not end (its process stopped);"
                        + " the next run finishes its edition for those still owed it", left);
            }
        }
        Subscriptions subscriptions = new Subscriptions(db, clock);
        // secrets from the environment, else the hub's own in its store: every instance of a shared hub uses the same
        Tokens tokens = new Tokens(AdminToken.resolve(prop(props, "hub.subscriptions.secret"), data, "subscription-secret", "hub.subscriptions.secret",
                "subscription secret", settings), previousSecret(props, clock), clock);
        String from = prop(props, "hub.mail.from");
        String replyTo = prop(props, "hub.mail.reply-to");
        String unsubscribeTo = prop(props, "hub.mail.unsubscribe-to");
        if (unsubscribeTo.isBlank()) {
            unsubscribeTo = fromAddress(from);
        }
        DigestRenderer renderer = new DigestRenderer(publicUrl, Integer.parseInt(prop(props, "hub.digest.max-listed")));
        Updates updates = new Updates(data.resolve("depository"), publicUrl, prop(props, "hub.title"), editions);
        Duration manageTtl = duration(props, "hub.subscriptions.link-ttl");
        Digests digests = new Digests(defs, store, new DigestIndex(db, store), editions, subscriptions, renderer, updates, tokens,
                new Digests.Links(publicUrl, manageTtl, unsubscribeTo),
                new Digests.Policy(duration(props, "hub.digest.retry-base"), duration(props, "hub.digest.retry-max"),
                        Integer.parseInt(prop(props, "hub.subscriptions.max-bounces"))),
                from, replyTo, data.resolve("outbox"), clock, !prop(props, "hub.smtp.host").isBlank(), instance, digestLease(props),
                new org.practicehub.store.EditionNotes(db, clock));
        if (!db.postgres()) {
            // H2 writes commits out within its write delay: what the SMTP server took is journalled first (SentJournal)
            digests.journal(new org.practicehub.publish.digest.SentJournal(data.resolve("digest-journal"), editions::checkpoint));
            int recovered = digests.recover();
            if (recovered > 0) {
                org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).warn("{} digest deliveries the store lost when the hub stopped were"
                        + " committed again from the journal: their readers are not sent them twice", recovered);
            }
        }
        reg.bind("digests", digests);
        reg.bind("digestPool", context.getExecutorServiceManager().newFixedThreadPool(HubConfiguration.class, "digests",
                Integer.parseInt(prop(props, "hub.digest.parallelism"))));
        reg.bind("digestsApi", new org.practicehub.web.DigestsApi(digests, updates));
        Mails mails = new Mails(from, replyTo, prop(props, "hub.title"), data.resolve("outbox"), clock);
        reg.bind("mails", mails);
        org.practicehub.publish.depository.PracticeIndex practiceIndex = new org.practicehub.publish.depository.PracticeIndex(store,
                data.resolve("search-index"));
        org.practicehub.web.Pages pages = new org.practicehub.web.Pages(practiceIndex, store, prop(props, "hub.title"), digests::frequencies,
                publicUrl);
        reg.bind("pages", pages);
        // one bucket per address for every mail a request can cause: subscribing and being recommended alike
        org.practicehub.web.RateLimit perEmail = new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.subscriptions.rate-limit-per-email")),
                Duration.ofHours(1), clock);
        org.practicehub.publish.subscription.Approval approval = org.practicehub.publish.subscription.Approval.of(prop(props, "hub.subscriptions.approval"));
        reg.bind("subscriptionsApi", new org.practicehub.web.SubscriptionsApi(subscriptions, store, tokens, mails,
                new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.subscriptions.rate-limit-per-client")), Duration.ofHours(1), clock),
                perEmail,
                publicLimit, digests::frequencies, publicUrl, duration(props, "hub.subscriptions.confirm-ttl"), manageTtl, pages, approval));
        // members recommend others (targeted growth, docs/digests.md): limited per member, per client and per address
        reg.bind("recommendations", new org.practicehub.web.Recommendations(subscriptions, tokens, mails, pages,
                new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.subscriptions.recommend-limit")), Duration.ofDays(1), clock),
                new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.subscriptions.rate-limit-per-client")), Duration.ofHours(1), clock),
                perEmail, approval, digests::frequencies, publicUrl, duration(props, "hub.subscriptions.confirm-ttl")));
        reg.bind("subscriptions", subscriptions);
        Duration pushTimeout = Duration.ofMillis(Long.parseLong(prop(props, "hub.push.timeout-ms")));
        // a claim outlives any one delivery (connect and response timeouts) with room to spare
        org.practicehub.store.PushOutbox outbox = new org.practicehub.store.PushOutbox(db, clock, instance,
                pushTimeout.multipliedBy(2).plusSeconds(5));
        org.practicehub.publish.partner.Pusher pusher = new org.practicehub.publish.partner.Pusher(
                org.practicehub.publish.partner.PartnerFiles.load(Path.of(prop(props, "hub.partners-dir")).toAbsolutePath().normalize(),
                        Integer.parseInt(prop(props, "hub.push.max-attempts"))),
                store, outbox, clock, env, duration(props, "hub.push.backoff-base"),
                duration(props, "hub.push.backoff-max"), Duration.ofMillis(Long.parseLong(prop(props, "hub.push.timeout-ms"))),
                context.getExecutorServiceManager().newFixedThreadPool(HubConfiguration.class, "pushes",
                        Integer.parseInt(prop(props, "hub.push.parallelism"))));
        reg.bind("pusher", pusher);
        reg.bind("pushOutbox", outbox);
        reg.bind("partnersApi", new org.practicehub.web.PartnersApi(pusher, outbox));
        String adminToken = AdminToken.resolve(prop(props, "hub.admin-token"), data, settings);
        // wrong admin tokens are throttled like the console's login attempts
        reg.bind("adminAuth", new AdminAuth(adminToken, new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.console.login-attempts")),
                duration(props, "hub.console.login-window"), clock)));
        reg.bind("rateLimit", publicLimit);
        reg.bind("clientAddress", new org.practicehub.web.ClientAddress(props.resolveProperty("hub.http.trusted-proxies").orElse("")));
        if (props.resolveProperty("camel.server.enabled").map(Boolean::parseBoolean).orElse(true)) {
            warmUp(context, practiceIndex);
            HttpGuard.install(context, Integer.parseInt(prop(props, "camel.server.port")));
            sayWhereItListens(context, publicUrl);
        }
        reg.bind("practicesApi", new org.practicehub.web.PracticesApi(practiceIndex, store,
                publicUrl, prop(props, "hub.title"), Integer.parseInt(prop(props, "hub.depository.feed-entries"))));
        Api api = new Api(store, states, sources, prop(props, "hub.sources.default-schedule"), clock,
                new org.practicehub.store.SourceValues(db));
        reg.bind("api", api);
        org.practicehub.run.Jobs jobs = new org.practicehub.run.Jobs(clock);
        reg.bind("jobs", jobs);
        reg.bind("jobsApi", new org.practicehub.web.JobsApi(jobs));
        // what a facilitator runs now goes on here, after the request has answered: one cycle, polls and digest runs
        // side by side (each source and each digest at most once at a time, see Jobs)
        reg.bind("jobsPool", context.getExecutorServiceManager().newFixedThreadPool(HubConfiguration.class, "jobs", 4));
        reg.bind("consoleHeaders", new ConsoleHeaderFilter());
        // the facilitator console (docs/console.md): sessions in the database, so any instance serves them
        reg.bind("console", new org.practicehub.web.Console(new org.practicehub.web.ConsoleSessions(db, clock, duration(props, "hub.console.session-ttl")),
                adminToken, new org.practicehub.web.RateLimit(Integer.parseInt(prop(props, "hub.console.login-attempts")),
                        duration(props, "hub.console.login-window"), clock),
                new org.practicehub.web.Console.Dependencies(api, store, digests, pusher, outbox, pages::charts, jobs,
                        subscriptions, new org.practicehub.store.EditionNotes(db, clock)), prop(props, "hub.title"),
                publicUrl.toLowerCase(java.util.Locale.ROOT).startsWith("https:")));

        reg.bind("databaseReadiness", new Readiness.Database(db));
        reg.bind("smtpReadiness", new Readiness.Smtp(prop(props, "hub.smtp.host"), Integer.parseInt(prop(props, "hub.smtp.port")),
                Integer.parseInt(prop(props, "hub.smtp.timeout-ms"))));
        PooledMailSender smtp = configureSmtp(context);
        digests.sending(smtp == null ? null : smtp::send, new Digests.Sending(Integer.parseInt(prop(props, "hub.smtp.retries")),
                Duration.ofMillis(Long.parseLong(prop(props, "hub.smtp.retry-delay-ms"))), Integer.parseInt(prop(props, "hub.digest.batch"))));
        // every series from the start: counters at zero per source, digest and outcome; freshness per source and digest
        List<String> sourceIds = sources.all().stream().map(org.practicehub.source.SourceDef::id).toList();
        List<String> digestIds = defs.stream().map(DigestDef::id).toList();
        metrics.known(sourceIds, digestIds);
        metrics.freshness("hub.source", "source", sourceIds, states::lastSuccesses, clock, "the source was read well");
        metrics.freshness("hub.digest", "digest", digestIds, editions::lastSuccesses, clock, "the digest ran to its end");
        SourceSchedules.install(context, metrics, defs);
        // the pool closes with Camel, after the routes have stopped
        try {
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    practiceIndex.close();
                    db.close();
                }
            });
        } catch (Exception e) {
            db.close();
            throw new IllegalStateException("cannot register the database with Camel", e);
        }
    }

    /** The store; an embedded one another hub holds (a service, while an operator runs --once) is said in words. */
    private static Db openDb(PropertiesComponent props, String dbUrl, Path data) {
        Db.Pool pool = new Db.Pool(Integer.parseInt(prop(props, "hub.db.pool.max-size")), Integer.parseInt(prop(props, "hub.db.pool.min-idle")),
                Long.parseLong(prop(props, "hub.db.pool.connection-timeout-ms")));
        if (!dbUrl.isBlank()) {
            return new Db(dbUrl, prop(props, "hub.db.user"), prop(props, "hub.db.password"), pool);
        }
        try {
            // OPTIMIZE_REUSE_RESULTS=0: H2 otherwise keeps each cached statement's last result in memory, to answer the same
            // query again while nothing changed; the listings read every practice, so that held 15 to 20 MB for nothing
            return new Db("jdbc:h2:file:" + data.resolve("db").resolve("hub") + ";QUERY_CACHE_SIZE=64;OPTIMIZE_REUSE_RESULTS=0;CACHE_SIZE="
                    + Integer.parseInt(prop(props, "hub.db.h2-cache-kb")), prop(props, "hub.db.user"), prop(props, "hub.db.password"), pool);
        } catch (Db.InUse e) {
            org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).debug("the embedded database is locked", e.getCause());
            // no cause attached: the command line prints the deepest cause's message, and H2's would hide this one
            String configured = prop(props, "hub.data-dir");
            throw new IllegalStateException("another Practice Hub is using " + (configured.endsWith("/") ? configured : configured + "/")
                    + (Path.of(configured).isAbsolute() ? "" : " (" + data + ")") + ": stop it or set HUB_DATA_DIR");
        }
    }

    /**
     * How long a digest run's claim holds without the run moving on. One message can take the SMTP timeout on each
     * try: a shorter lease would let another instance take over a run that is only slow, and send twice.
     */
    static Duration digestLease(PropertiesComponent props) {
        Duration lease = duration(props, "hub.digest.lease");
        Duration send = Duration.ofMillis(Long.parseLong(prop(props, "hub.smtp.timeout-ms")) * (Integer.parseInt(prop(props, "hub.smtp.retries")) + 1));
        if (lease.compareTo(send) <= 0) {
            throw new IllegalArgumentException("hub.digest.lease (" + lease + ") must be longer than a message can take to send: hub.smtp.timeout-ms"
                    + " times (hub.smtp.retries + 1) = " + send);
        }
        return lease;
    }

    /** This instance's name (claims, Quartz, its depository mark): hub.instance-id, else host name and process id. */
    static String instanceId(String configured) {
        if (!configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The read API's index is built once the service has started, off the request path: with 100,000
     * practices the build reads every document, and the first client should not wait for it.
     */
    private static void warmUp(CamelContext context, org.practicehub.publish.depository.PracticeIndex index) {
        Runnable build = () -> {
            try {
                index.current();
            } catch (RuntimeException e) {
                // the first request builds it then, and reports what went wrong
                org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).warn("building the read API index at start failed: {}", e.getMessage());
            }
        };
        try {
            context.addStartupListener((ctx, alreadyStarted) -> {
                Thread t = new Thread(build, "practice-index-warm-up");
                t.setDaemon(true);
                t.start();
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the index warm-up", e);
        }
    }

    /**
     * The link secret a rotation replaced (hub.subscriptions.previous-secret): links it signed are still accepted until
     * hub.subscriptions.previous-secret-until, a date (UTC midnight) or an instant. None once that has passed.
     */
    static Tokens.Previous previousSecret(PropertiesComponent props, Clock clock) {
        String secret = props.resolveProperty("hub.subscriptions.previous-secret").map(String::trim).orElse("");
        String until = props.resolveProperty("hub.subscriptions.previous-secret-until").map(String::trim).orElse("");
        if (secret.isEmpty()) {
            return null;
        }
        if (until.isEmpty()) {
            throw new IllegalArgumentException("hub.subscriptions.previous-secret needs hub.subscriptions.previous-secret-until: the date until which"
                    + " links signed with it are still accepted (such as 2026-06-30)");
        }
        java.time.Instant end;
        try {
            end = until.length() == 10 ? java.time.LocalDate.parse(until).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : java.time.Instant.parse(until);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("hub.subscriptions.previous-secret-until = '" + until + "' is not a date (2026-06-30) or an instant"
                    + " (2026-06-30T12:00:00Z)");
        }
        if (!clock.instant().isBefore(end)) {
            org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).warn("hub.subscriptions.previous-secret is no longer accepted: its date, {},"
                    + " has passed (remove it)", until);
            return null;
        }
        return new Tokens.Previous(secret, end);
    }

    /** The identity a hub had before identities were stored: hub.public-url, whose default then was http://localhost:8080. */
    static String legacyIdentity(PropertiesComponent props) {
        String configured = trimSlash(prop(props, "hub.public-url"));
        return configured.isEmpty() ? "http://localhost:8080" : configured;
    }

    /** hub.public-url, else this host on the port the server is configured to listen on (not a fixed 8080). */
    static String publicUrl(PropertiesComponent props) {
        String configured = trimSlash(prop(props, "hub.public-url"));
        return configured.isEmpty() ? "http://localhost:" + Integer.parseInt(prop(props, "camel.server.port")) : configured;
    }

    /** One INFO line, once the HTTP server is up: where it listens, and the public URL links are written with. */
    private static void sayWhereItListens(CamelContext context, String publicUrl) {
        try {
            context.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                    // before the routes: the server is not bound yet
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                    var server = ctx.hasService(org.apache.camel.component.platform.http.main.MainHttpServer.class);
                    if (server != null) {
                        org.slf4j.LoggerFactory.getLogger(HubConfiguration.class).info("{}",
                                Listening.line(server.getHost(), server.getPort(), publicUrl));
                    }
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the start-up line", e);
        }
    }

    /** "90s", "30m", "6h", "1d", or ISO-8601 ("PT6H"). */
    static Duration duration(PropertiesComponent props, String key) {
        return duration(prop(props, key), key);
    }

    static Duration duration(String v, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a duration (90s, 30m, 6h, 1d)");
        }
    }

    /** A comma-separated value as a list, blanks dropped. */
    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String prop(PropertiesComponent props, String key) {
        return props.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("configuration key " + key + " is not set"));
    }

    /**
     * SMTP credentials and STARTTLS go on the component, so they never appear in an endpoint URI or a log line.
     * With an SMTP host, camel-mail sends through a {@link PooledMailSender}: connections kept per sending thread;
     * it is returned (null without a host) for the digests, which hand it their batches' messages.
     */
    private static PooledMailSender configureSmtp(CamelContext context) {
        var props = context.getPropertiesComponent();
        MailConfiguration cfg = context.getComponent("smtp", MailComponent.class).getConfiguration();
        String user = props.resolveProperty("hub.smtp.username").filter(s -> !s.isBlank()).orElse(null);
        String password = props.resolveProperty("hub.smtp.password").filter(s -> !s.isBlank()).orElse(null);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        Properties extra = new Properties();
        boolean starttls = props.resolveProperty("hub.smtp.starttls").map(Boolean::parseBoolean).orElse(false);
        extra.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls));
        extra.setProperty("mail.smtp.starttls.required", String.valueOf(starttls));
        String timeout = props.resolveProperty("hub.smtp.timeout-ms").orElse("30000");
        extra.setProperty("mail.smtp.connectiontimeout", timeout);
        extra.setProperty("mail.smtp.timeout", timeout);
        // an instance, so put rather than setProperty (jakarta.mail reads it as an object)
        extra.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
        cfg.setAdditionalJavaMailProperties(extra);
        cfg.setConnectionTimeout(Integer.parseInt(timeout));
        String host = props.resolveProperty("hub.smtp.host").orElse("");
        if (!host.isBlank()) {
            PooledMailSender sender = new PooledMailSender(props.resolveProperty("hub.smtp.messages-per-connection").map(Integer::parseInt).orElse(100),
                    30_000);
            sender.setHost(host);
            sender.setPort(props.resolveProperty("hub.smtp.port").map(Integer::parseInt).orElse(25));
            sender.setProtocol("smtp");
            sender.setUsername(user);
            sender.setPassword(password);
            Properties session = new Properties();
            session.putAll(extra);
            session.setProperty("mail.smtp.auth", String.valueOf(user != null));
            sender.setJavaMailProperties(session);
            cfg.setJavaMailSender(sender);
            try {
                context.addService(new org.apache.camel.support.service.ServiceSupport() {
                    @Override
                    protected void doStop() {
                        sender.closeAll();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException("cannot register the SMTP connections with Camel", e);
            }
            return sender;
        }
        return null;
    }

    /** The bare address of "Name <address>". */
    private static String fromAddress(String from) {
        try {
            return new jakarta.mail.internet.InternetAddress(from, true).getAddress();
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("hub.mail.from is not a valid address: " + from);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
