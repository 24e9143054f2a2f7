package org.practicehub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.practicehub.config.HubConfiguration;
import org.practicehub.mapping.MappingException;
import org.practicehub.run.RunReport;
import org.practicehub.store.Rerun;

/**
 * The command line: {@code java -jar practice-hub.jar} runs the hub as a service;
 * {@code --once} runs one full cycle (poll, map, store, publish, digests) and exits with one of the codes below, so
 * that cron or CI notices a run that read nothing. {@code --dedup-all} deduplicates the whole store again.
 */
public final class Hub {

    /** At least one source was read (answered, even "not modified"), and the cycle completed. */
    static final int OK = 0;
    /** The cycle started but failed outside any one source (the store, the depository folder). */
    static final int FAILED = 1;
    /** The run could not start: configuration, mapping files, the data folder in use, the database. */
    static final int CANNOT_START = 2;
    // 3 is the JVM's own code for an out-of-memory error (bin/practice-hub runs it with -XX:+ExitOnOutOfMemoryError)
    /** The cycle completed but no source was read: every one failed or was skipped, or there is none. */
    static final int NOTHING_READ = 4;

    static final String USAGE = """
            Usage: java -jar practice-hub.jar [--once | --dedup-all | --help | --version]
              (no option)  run the hub as a service: scheduled polls and digests, HTTP API
              --once       run one full cycle (poll every source, map, store, publish the depository,
                           send or write the digests that are due), print a summary and exit
              --dedup-all  deduplicate the whole store again with the current thresholds (the
                           facilitator's decisions hold), publish the depository, print a summary and exit
              --help       show this help
              --version    print the version
            Exit status of --once and --dedup-all:
              0  done; --once: at least one source was read (its answer may have been "not modified")
              1  the run failed part-way, outside any one source (the store, the depository folder)
              2  the run could not start (configuration, mapping files, data folder in use, database)
              3  out of memory (the JVM's code; bin/practice-hub stops the JVM on it)
              4  --once only: no source was read (every source failed or was skipped, or there is none)
            Configuration: application.properties, -Dkey=value, or environment variables (HUB_DATA_DIR ...);
            see docs/configuration.md.""";

    private Hub() {}

    public static void main(String[] args) {
        boolean once = false;
        boolean dedupAll = false;
        for (String a : args) {
            switch (a) {
                case "--once" -> once = true;
                case "--dedup-all" -> dedupAll = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--version" -> {
                    System.out.println("practice-hub " + version());
                    return;
                }
                default -> {
                    System.err.println("practice-hub: unknown option " + a);
                    System.err.println(USAGE);
                    System.exit(CANNOT_START);
                }
            }
        }
        if (once && dedupAll) {
            System.err.println("practice-hub: --once and --dedup-all are two runs: give one");
            System.exit(CANNOT_START);
        }
        System.exit(dedupAll ? runDedupAll(System.out, System.err) : once ? runOnce(System.err) : runService());
    }

    /** The project's version, written into the jar by the build (version.properties). */
    static String version() {
        try (java.io.InputStream in = Hub.class.getResourceAsStream("/org/practicehub/version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static Main newMain() {
        // no classpath scanning: it costs seconds in a fat jar, and the one configuration class is known
        Main main = new Main();
        main.configure().addConfiguration(HubConfiguration.class);
        main.setPropertyPlaceholderLocations("classpath:application.properties,file:application.properties;optional=true");
        // Camel's file: pattern (routes/*.yaml) does not look into a folder reached through a symbolic link: it found no
        // route at all, and the run failed on "No consumers available on endpoint: direct://cycle"
        Path routes = Path.of("routes");
        if (Files.isSymbolicLink(routes) && System.getenv("CAMEL_MAIN_ROUTESINCLUDEPATTERN") == null
                && System.getProperty("camel.main.routes-include-pattern") == null) {
            try {
                main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routes.toRealPath() + "/*.yaml");
            } catch (IOException e) {
                throw new IllegalStateException("routes/ is a symbolic link to " + target(routes) + ", which cannot be read: " + e.getMessage(), e);
            }
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                // a hub without its routes would start and do nothing, or fail later on a message nobody understands
                if (m.getCamelContext().getRoute("cycle") == null) {
                    String pattern = m.getCamelContext().getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern").orElse("?");
                    throw new IllegalStateException("no routes found at " + pattern + " (from the folder " + Path.of("").toAbsolutePath()
                            + "): run the hub from the folder that holds routes/, or set camel.main.routes-include-pattern");
                }
            }
        });
        return main;
    }

    private static String target(Path link) {
        try {
            return String.valueOf(Files.readSymbolicLink(link));
        } catch (IOException e) {
            return "?";
        }
    }

    /** A missing routes/ folder, said plainly: Camel's own failure says only "routes". */
    static java.util.Optional<String> noRoutes() {
        boolean configured = System.getenv("CAMEL_MAIN_ROUTESINCLUDEPATTERN") != null || System.getProperty("camel.main.routes-include-pattern") != null;
        if (configured || Files.isDirectory(Path.of("routes"))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("no routes found at file:routes/*.yaml (from the folder " + Path.of("").toAbsolutePath()
                + "): run the hub from the folder that holds routes/, or set camel.main.routes-include-pattern");
    }

    static int runService() {
        if (noRoutes().isPresent()) {
            System.err.println("practice-hub: cannot start: " + noRoutes().get());
            return 2;
        }
        try {
            newMain().run();
            return OK;
        } catch (Exception e) {
            System.err.println("practice-hub: cannot start: " + reason(e));
            return CANNOT_START;
        }
    }

    /** One cycle inside a started Camel, then a clean shutdown. */
    static int runOnce(java.io.PrintStream err) {
        // the cycle prints its own summary (Runs.finish); what it read decides between 0 and NOTHING_READ
        AtomicReference<RunReport> ran = new AtomicReference<>();
        int code = runInside("direct:cycle", RunReport.class, err, ran::set);
        if (code != OK) {
            return code;
        }
        String nothing = nothingRead(ran.get());
        if (nothing != null) {
            err.println("practice-hub: " + nothing);
            return NOTHING_READ;
        }
        return OK;
    }

    /** Null when some source was read; else why nothing was, on one line. */
    static String nothingRead(RunReport report) {
        var sources = report.getSources();
        if (sources.isEmpty()) {
            return "no source was read: there is no active source (hub.mappings-dir)";
        }
        if (sources.stream().anyMatch(s -> s.status().equals("ok") || s.status().equals("not-modified"))) {
            return null;
        }
        long failed = sources.stream().filter(s -> s.failure() != null).count();
        var first = sources.get(0);
        return oneLine("no source was read: " + failed + " of " + sources.size() + " failed, " + (sources.size() - failed)
                + " skipped; " + first.sourceId() + ": " + first.error());
    }

    /** Deduplication over the whole store inside a started Camel, then the depository; prints one line. */
    static int runDedupAll(java.io.PrintStream out, java.io.PrintStream err) {
        return runInside("direct:dedup-all", Rerun.Published.class, err, p -> out.printf(
                "Practice Hub dedup-all: %s records, %s practices before, %s after (%s changed); %s merged pairs, %s for review"
                        + " (merge at %s, review at %s); %s ms%n  depository: %s%n",
                p.run().records(), p.run().practicesBefore(), p.run().practicesAfter(), p.run().practicesChanged(), p.run().mergedPairs(),
                p.run().reviewPairs(), p.run().mergeThreshold(), p.run().reviewThreshold(), p.run().ms(), p.depository()));
    }

    /** Starts Camel without HTTP or schedules, sends one request to the endpoint, stops; the exit code says how it went. */
    private static <T> int runInside(String endpoint, Class<T> type, java.io.PrintStream err, java.util.function.Consumer<T> done) {
        if (noRoutes().isPresent()) {
            err.println("practice-hub: cannot run: " + noRoutes().get());
            return 2;
        }
        Main main = newMain();
        // a one-off run serves no HTTP and fires no schedule: it must not clash with a running service
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("hub.schedule.enabled", "false");
        // and nobody scrapes its meters: Camel's per-exchange timers would only cost time (the hub's counters still count)
        main.addOverrideProperty("camel.metrics.enabled", "false");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<T> result = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                try (ProducerTemplate template = m.getCamelContext().createProducerTemplate()) {
                    result.set(template.requestBody(endpoint, null, type));
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    main.completed();
                }
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            err.println("practice-hub: cannot run: " + reason(e));
            return CANNOT_START;
        }
        if (failure.get() != null) {
            err.println("practice-hub: the " + (endpoint.endsWith("cycle") ? "cycle" : "run") + " failed: " + reason(failure.get()));
            return FAILED;
        }
        if (result.get() == null) {
            err.println("practice-hub: the " + (endpoint.endsWith("cycle") ? "cycle" : "run") + " did not run (see the log above)");
            return CANNOT_START;
        }
        done.accept(result.get());
        return OK;
    }

    /** The most telling message of a cause chain, on one line: a mapping problem, else the root cause. */
    static String reason(Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MappingException) {
                return oneLine(c.getMessage());
            }
            root = c;
        }
        return oneLine(root.getMessage() == null ? root.toString() : root.getMessage());
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
