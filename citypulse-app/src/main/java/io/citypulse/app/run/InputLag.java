package io.citypulse.app.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on each Spark query's input topic beyond its last micro-batch: the broker's latest
 * offsets minus the batch's end offsets, for every running query in one request per interval.
 * The status line, the dashboard's health panel and {@code /metrics} all read this one figure.
 * Spark's progress also carries the source's latest offsets, but they are read when a batch is
 * planned: a query stuck in a long batch would show no lag at all.
 */
final class InputLag implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InputLag.class);

  private final Admin admin;
  private final Supplier<Map<String, StreamingQuery>> queries;
  private final Map<String, Long> lagByQuery = new ConcurrentHashMap<>();
  private StatusSchedule schedule;

  /** @param queries the running queries by name, read at each measurement */
  InputLag(String bootstrapServers, Supplier<Map<String, StreamingQuery>> queries) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-lag");
    this.admin = Admin.create(props);
    this.queries = queries;
  }

  void start(Duration interval) {
    schedule = StatusSchedule.every(interval, "citypulse-lag", this::measure);
  }

  /** The last measured lag of {@code query}, null before its first batch or measurement. */
  Long of(String query) {
    return lagByQuery.get(query);
  }

  private void measure() {
    Map<String, Map<TopicPartition, Long>> processed = new HashMap<>();
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    queries.get().forEach((name, query) -> {
      StreamingQueryProgress progress = query.lastProgress();
      Map<TopicPartition, Long> done = progress == null || progress.sources().length == 0 ? null
          : OffsetLag.offsets(progress.sources()[0].endOffset());
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
      admin.listOffsets(wanted).all().get(5, TimeUnit.SECONDS)
          .forEach((partition, info) -> latest.put(partition, info.offset()));
      lagByQuery.putAll(OffsetLag.perQuery(processed, latest));
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
