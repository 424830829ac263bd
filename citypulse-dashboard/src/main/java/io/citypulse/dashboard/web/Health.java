package io.citypulse.dashboard.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.dashboard.health.ClusterHealth;
import io.citypulse.dashboard.health.FeedHealth;
import io.citypulse.dashboard.health.FeedStatus;
import io.citypulse.dashboard.health.JobHealth;
import io.citypulse.dashboard.state.KindStats;
import io.citypulse.dashboard.state.SeriesOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code /api/health}.
 *
 * @param status {@code up}, or {@code degraded} when a feed is failing, stale or stopped, or a job
 *     stopped
 * @param pipeline whether this process runs the pipeline (false for {@code citypulse dashboard}
 *     alone: {@code feeds} and {@code jobs} are then empty)
 * @param deadLetters records in the dead-letter topic, null until measured
 * @param streams what the dashboard read of each stream
 * @param readerLag records of each stream the dashboard has not read yet
 * @param series where the charts' points come from (history store or topics)
 * @param cluster the Kafka brokers and Spark executors the pipeline runs on, when measured
 */
public record Health(
    @JsonProperty("status") String status,
    @JsonProperty("at") Instant at,
    @JsonProperty("pipeline") boolean pipeline,
    @JsonProperty("feeds") List<FeedHealth> feeds,
    @JsonProperty("jobs") List<JobHealth> jobs,
    @JsonProperty("dead_letters") Long deadLetters,
    @JsonProperty("streams") Map<String, KindStats> streams,
    @JsonProperty("reader_lag") Map<String, Long> readerLag,
    @JsonProperty("sse_clients") int sseClients,
    @JsonProperty("series") SeriesOrigin series,

    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("cluster")
    ClusterHealth cluster) {

  /**
   * {@code degraded} when any feed is not ok (or waiting), any job is stopped or failed, or the
   * cluster runs short of a broker or an executor.
   */
  static String overall(List<FeedHealth> feeds, List<JobHealth> jobs, ClusterHealth cluster) {
    if (cluster != null && cluster.status().equals("degraded")) {
      return "degraded";
    }
    return overall(feeds, jobs);
  }

  /** {@code degraded} when any feed is not ok (or waiting) or any job is stopped or failed. */
  static String overall(List<FeedHealth> feeds, List<JobHealth> jobs) {
    boolean feedsFine = feeds.stream()
        .allMatch(f -> f.status() == FeedStatus.OK || f.status() == FeedStatus.WAITING);
    boolean jobsFine =
        jobs.stream().noneMatch(j -> j.status().equals("stopped") || j.status().equals("failed"));
    return feedsFine && jobsFine ? "up" : "degraded";
  }
}
