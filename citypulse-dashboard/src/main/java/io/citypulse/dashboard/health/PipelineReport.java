package io.citypulse.dashboard.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a running pipeline publishes on the health topic every status interval, keyed by
 * {@link #pipeline}: its feeds and Spark jobs as its own dashboard shows them.
 *
 * @param pipeline who reports, e.g. {@code host:/path/to/state-dir}
 * @param at when the report was made
 */
public record PipelineReport(
    @JsonProperty("pipeline") String pipeline,
    @JsonProperty("at") Instant at,
    @JsonProperty("feeds") List<FeedHealth> feeds,
    @JsonProperty("jobs") List<JobHealth> jobs) {

  public PipelineReport {
    feeds = feeds == null ? List.of() : List.copyOf(feeds);
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }

  /** A report of {@code probe} now. */
  public static PipelineReport of(String pipeline, Instant at, PipelineProbe probe) {
    return new PipelineReport(pipeline, at, probe.feeds(), probe.jobs());
  }
}
