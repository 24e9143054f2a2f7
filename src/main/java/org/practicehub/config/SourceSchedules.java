package org.practicehub.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.practicehub.source.SourceDef;
import org.practicehub.source.Sources;

/**
 * In service mode, one route per source from the {@code source-poller} template (routes/sources.camel.yaml),
 * fired by the source's own schedule: an interval ("30m") on a timer, or a Quartz cron.
 * Likewise one route per digest from the {@code digest-scheduler} template (routes/digests.camel.yaml) on its cron.
 * Added once the context has started, when the YAML templates are surely loaded.
 */
final class SourceSchedules {

    private SourceSchedules() {}

    /** Whether schedules fire once across instances (Quartz clustered on PostgreSQL), and this instance's name. */
    public record Mode(boolean clustered, String instanceId) {}

    static void install(CamelContext context, org.practicehub.run.HubMetrics metrics,
            java.util.List<org.practicehub.publish.digest.DigestDef> digests) {
        try {
            context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // templates are added once fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                // Camel's metrics registry exists by now: the hub's gauges join it before the first scrape
                metrics.bind();
                var props = ctx.getPropertiesComponent();
                if (!props.resolveProperty("hub.schedule.enabled").map(Boolean::parseBoolean).orElse(true)) {
                    return;
                }
                String fallback = props.resolveProperty("hub.sources.default-schedule").orElse("1h");
                Sources sources = ctx.getRegistry().findSingleByType(Sources.class);
                Mode mode = ctx.getRegistry().lookupByNameAndType("hubCluster", Mode.class);
                boolean clustered = mode != null && mode.clustered();
                for (SourceDef s : sources.active()) {
                    TemplatedRouteBuilder.builder(ctx, "source-poller")
                            .routeId("poll-" + s.id())
                            .parameter("sourceId", s.id())
                            .parameter("trigger", clustered ? clusteredTrigger(s, fallback) : trigger(s, fallback))
                            .add();
                }
                // one route per digest, on its Quartz cron in its time zone
                for (org.practicehub.publish.digest.DigestDef d : digests) {
                    TemplatedRouteBuilder.builder(ctx, "digest-scheduler")
                            .routeId("digest-schedule-" + d.id())
                            .parameter("digestId", d.id())
                            .parameter("trigger", "quartz:digests/" + d.id() + "?cron=" + URLEncoder.encode(d.cron(), StandardCharsets.UTF_8)
                                    + "&trigger.timeZone=" + URLEncoder.encode(d.timeZone().getId(), StandardCharsets.UTF_8))
                            .add();
                }
            }
        });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the source schedules", e);
        }
    }

    /**
     * Several instances: every schedule is a Quartz trigger in the clustered job store, so a poll fires on one
     * instance; stateful, so a source's next poll never starts while the last one still runs somewhere.
     */
    static String clusteredTrigger(SourceDef s, String fallback) {
        String schedule = (s.schedule() == null ? fallback : s.schedule()).trim();
        if (schedule.contains(" ")) {
            return "quartz:sources/" + s.id() + "?stateful=true&cron=" + URLEncoder.encode(schedule, StandardCharsets.UTF_8);
        }
        long ms = HubConfiguration.duration(schedule, "schedule of " + s.id()).toMillis();
        return "quartz:sources/" + s.id() + "?stateful=true&trigger.repeatInterval=" + ms + "&trigger.repeatCount=-1";
    }

    static String trigger(SourceDef s, String fallback) {
        String schedule = s.schedule() == null ? fallback : s.schedule();
        if (schedule.trim().contains(" ")) {
            return "quartz:sources/" + s.id() + "?cron=" + URLEncoder.encode(schedule.trim(), StandardCharsets.UTF_8);
        }
        return "timer:source-" + s.id() + "?period=" + schedule.trim() + "&delay=1000";
    }
}
