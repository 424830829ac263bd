package io.citypulse.app.run;

import io.citypulse.jobs.spark.JobProgress;
import io.citypulse.jobs.spark.RunningJob;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline's started Spark jobs by name, and each one's last measured input lag: what the
 * status lines, the health panel and {@code /metrics} read. Job stages add to it; {@link InputLag}
 * writes the lags.
 */
final class RunningJobs {
  private final Map<String, RunningJob<?>> jobs = new ConcurrentHashMap<>();
  private final Map<String, Long> lag = new ConcurrentHashMap<>();
  private volatile Set<String> heartbeatTopics = Set.of();

  void add(RunningJob<?> job) {
    jobs.put(job.name(), job);
  }

  /** The job of that name, null if none started. */
  RunningJob<?> get(String name) {
    return jobs.get(name);
  }

  /** Every started job, by name. */
  Map<String, RunningJob<?>> all() {
    return new TreeMap<>(jobs);
  }

  /** Records of the job's input topic beyond its last batch; null before the first measurement. */
  Long lag(String name) {
    return lag.get(name);
  }

  void setLag(Map<String, Long> measured) {
    lag.putAll(measured);
  }

  /**
   * Topics the pipeline itself writes to on a clock (the health reports): a job reading one (the
   * alerts job) always has new records there, so they count neither in its lag nor as the input
   * it took ({@code run --until-idle} would never see it idle).
   */
  Set<String> heartbeatTopics() {
    return heartbeatTopics;
  }

  void heartbeatTopics(Set<String> topics) {
    heartbeatTopics = Set.copyOf(topics);
  }

  /**
   * The records of the job's data topics (not {@link #heartbeatTopics()}) it has processed, as a
   * sum of end offsets: a figure that grows exactly when it takes data; null when its last batch
   * named no Kafka offsets.
   */
  Long dataTaken(String name) {
    RunningJob<?> job = jobs.get(name);
    JobProgress progress = job == null ? null : job.lastProgress();
    Map<TopicPartition, Long> done =
        progress == null ? null : OffsetLag.offsets(progress.inputEndOffsets());
    if (done == null || done.isEmpty()) {
      return null;
    }
    return done.entrySet().stream()
        .filter(e -> !heartbeatTopics.contains(e.getKey().topic()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
