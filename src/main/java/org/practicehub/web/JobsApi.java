package org.practicehub.web;

import java.time.Instant;

import org.practicehub.run.Jobs;
import org.practicehub.store.Json;

/** The JSON of work run in the background on request ({@code POST /api/cycle}, a poll, a digest run) and of its end. */
public class JobsApi {

    /** What the API shows of a job: {@code result} once done, {@code error} once failed. */
    public record View(String id, String kind, String target, String status, Instant startedAt, Instant endedAt, String href, Object result,
            String error) {}

    private final Jobs jobs;

    public JobsApi(Jobs jobs) {
        this.jobs = jobs;
    }

    static View view(Jobs.Job j) {
        return new View(j.id(), j.kind().id(), j.target(), j.status(), j.startedAt(), j.endedAt(), j.href(), j.result(),
                j.error());
    }

    /** The answer to the request that asked for the work (202): the job as it stands, running. */
    public String accepted(Jobs.Job j) {
        return Json.pretty(view(jobs.get(j.id()).orElse(j)));
    }

    /** GET /api/runs/{id}. */
    public String job(String id) {
        return jobs.get(id).map(j -> Json.pretty(view(j))).orElseThrow(() -> HttpProblem.notFound("run " + id));
    }
}
