package io.citypulse.dashboard.health;

import java.util.List;

/**
 * What the process running the pipeline tells the dashboard about its pollers and Spark jobs.
 * {@code citypulse dashboard}, alone over a broker, has none: it shows only what the topics say.
 */
public interface PipelineProbe {

  /** Called from web threads: must be cheap and thread-safe. */
  List<FeedHealth> feeds();

  List<JobHealth> jobs();

  /** The Kafka brokers and Spark executors the pipeline runs on; null when not measured. */
  default ClusterHealth cluster() {
    return null;
  }

  /** Called before each {@code /metrics} scrape: registers meters whose names appeared since. */
  default void beforeScrape() {}

  /** False for {@link #NONE}: the page then says where feed health is shown. */
  default boolean attached() {
    return true;
  }

  PipelineProbe NONE = new PipelineProbe() {
    @Override
    public List<FeedHealth> feeds() {
      return List.of();
    }

    @Override
    public List<JobHealth> jobs() {
      return List.of();
    }

    @Override
    public boolean attached() {
      return false;
    }
  };
}
