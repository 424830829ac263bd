package io.citypulse.app.run;

import io.citypulse.jobs.spark.JobProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on each Spark job's input topic beyond its last micro-batch: the broker's latest
 * offsets minus the batch's end offsets, for every running query in one request per interval.
 * The status line, the dashboard's health panel and {@code /metrics} all read this one figure.
 * Spark's progress also carries the source's latest offsets, but they are read when a batch is
 * planned: a query stuck in a long batch would show no lag at all.
 */
final class InputLag implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputLag.class);

  private final Admin admin;
  private final RunningJobs jobs;
  private StatusSchedule schedule;

  /** @param jobs the running jobs, read at each measurement, where the lags are written */
  InputLag(String bootstrapServers, RunningJobs jobs) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-lag");
    this.admin = Admin.create(props);
    this.jobs = jobs;
  }

  void start(Duration interval) {
    schedule = StatusSchedule.every(interval, "citypulse-lag", this::measure);
  }

  private void measure() {
    Map<String, Map<TopicPartition, Long>> processed = new HashMap<>();
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    jobs.all().forEach((name, job) -> {
      JobProgress progress = job.lastProgress();
      Map<TopicPartition, Long> done =
          progress == null ? null : OffsetLag.offsets(progress.inputEndOffsets());
      if (done != null) {
        done.keySet().removeIf(partition -> jobs.heartbeatTopics().contains(partition.topic()));
      }
      if (done != null && !done.isEmpty()) {
        processed.put(name, done);
        done.keySet().forEach(partition -> wanted.put(partition, OffsetSpec.latest()));
      }
    });
    if (wanted.isEmpty()) {
      return;
    }
    try {
      Map<TopicPartition, Long> latest = new HashMap<>();
      admin
          .listOffsets(wanted)
          .all()
          .get(5, TimeUnit.SECONDS)
          .forEach((partition, info) -> latest.put(partition, info.offset()));
      jobs.setLag(OffsetLag.perQuery(processed, latest));
    } catch (ExecutionException | TimeoutException e) {
      // The broker is slow or away: the figures shown stay those of the last measurement.
      LOG.debug("Input lag not measured: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    admin.close(Duration.ofSeconds(2));
  }
}
