package org.practicehub;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.practicehub.config.HubConfiguration;
import org.practicehub.mapping.MappingException;
import org.practicehub.run.RunReport;

/**
 * The command line: {@code java -jar practice-hub.jar} runs the hub as a service;
 * {@code --once} runs one full cycle (poll, map, store, publish, digests) and exits:
 * 0 when the cycle completed, even if some sources failed; 2 with a one-line reason when it could not run.
 */
public final class Hub {

    static final String USAGE = """
            Usage: java -jar practice-hub.jar [--once]
              (no option)  run the hub as a service: scheduled polls and digests, HTTP API
              --once       run one full cycle (poll every source, map, store, publish the depository,
                           send or write the digests that are due), print a summary and exit
              --help       show this help
            Configuration: application.properties, -Dkey=value, or environment variables (HUB_DATA_DIR ...);
            see docs/configuration.md.""";

    private Hub() {}

    public static void main(String[] args) {
        boolean once = false;
        for (String a : args) {
            switch (a) {
                case "--once" -> once = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("practice-hub: unknown option " + a);
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        System.exit(once ? runOnce(System.err) : runService());
    }

    static Main newMain() {
        // no classpath scanning: it costs seconds in a fat jar, and the one configuration class is known
        Main main = new Main();
        main.configure().addConfiguration(HubConfiguration.class);
        main.setPropertyPlaceholderLocations("classpath:application.properties,file:application.properties;optional=true");
        return main;
    }

    static int runService() {
        try {
            newMain().run();
            return 0;
        } catch (Exception e) {
            System.err.println("practice-hub: cannot start: " + reason(e));
            return 2;
        }
    }

    /** One cycle inside a started Camel, then a clean shutdown. */
    static int runOnce(java.io.PrintStream err) {
        Main main = newMain();
        // a cycle serves no HTTP and fires no schedule: it must not clash with a running service
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("hub.schedule.enabled", "false");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<RunReport> report = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                try (ProducerTemplate template = m.getCamelContext().createProducerTemplate()) {
                    report.set(template.requestBody("direct:cycle", null, RunReport.class));
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
            return 2;
        }
        if (failure.get() != null) {
            err.println("practice-hub: the cycle failed: " + reason(failure.get()));
            return 1;
        }
        if (report.get() == null) {
            err.println("practice-hub: the cycle did not run (see the log above)");
            return 2;
        }
        return 0;
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
