package io.citypulse.app.run;

import io.citypulse.jobs.spark.RunningJob;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's started Spark jobs by name, and each one's last measured input lag: what the
 * status lines, the health panel and {@code /metrics} read. Job stages add to it; {@link InputLag}
 * writes the lags.
 */
final class RunningJobs {
  private final Map<String, RunningJob<?>> jobs = new ConcurrentHashMap<>();
  private final Map<String, Long> lag = new ConcurrentHashMap<>();

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
}
