package org.practicehub.run;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobsTest {

    final Jobs jobs = new Jobs(Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void theSameWorkAskedForTwiceWhileItRunsIsOneJob() {
        Jobs.Job first = jobs.poll("mnh");
        Jobs.Job again = jobs.poll("mnh");
        assertThat(first.fresh()).isTrue();
        assertThat(again.fresh()).as("the running job, not a second poll").isFalse();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(jobs.poll("apmagnet").id()).as("another source is other work").isNotEqualTo(first.id());
        assertThat(jobs.digest("mnh").id()).as("a digest of the same name is other work").isNotEqualTo(first.id());

        jobs.done(first, "its result");
        Jobs.Job ended = jobs.get(first.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo("done");
        assertThat(ended.result()).isEqualTo("its result");
        assertThat(ended.endedAt()).isNotNull();
        assertThat(jobs.poll("mnh").fresh()).as("once ended, the next request starts the work again").isTrue();
    }

    @Test
    void aFailedJobSaysWhy() {
        Jobs.Job cycle = jobs.cycle();
        jobs.failed(cycle, new IllegalStateException("the store is away"));
        assertThat(jobs.get(cycle.id()).orElseThrow()).satisfies(j -> {
            assertThat(j.status()).isEqualTo("failed");
            assertThat(j.error()).isEqualTo("the store is away");
            assertThat(j.result()).isNull();
        });
        assertThat(jobs.latest(Jobs.Kind.CYCLE, "")).hasValueSatisfying(j -> assertThat(j.id()).isEqualTo(cycle.id()));
        assertThat(jobs.running()).isEmpty();
    }

    @Test
    void onlyTheLastEndedJobsAreKeptAndARunningOneNeverGoes() {
        Jobs.Job running = jobs.digest("weekly");
        String firstEnded = null;
        for (int i = 0; i < Jobs.KEPT + 10; i++) {
            Jobs.Job j = jobs.poll("s" + i);
            jobs.done(j, i);
            if (i == 0) {
                firstEnded = j.id();
            }
        }
        assertThat(jobs.get(firstEnded)).as("the oldest ended job made room").isEmpty();
        assertThat(jobs.get(running.id())).hasValueSatisfying(j -> assertThat(j.running()).isTrue());
        assertThat(jobs.running(Jobs.Kind.DIGEST, "weekly")).isTrue();
    }
}
