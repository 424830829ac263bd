package io.citypulse.app.run;

import io.citypulse.dashboard.health.PipelineProbe;
import io.citypulse.dashboard.health.PipelineReport;
import io.citypulse.model.Json;
import io.citypulse.sources.publish.ProducerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this pipeline's health (its pollers and Spark jobs, as its own dashboard shows them)
 * to the health topic every status interval, so that {@code citypulse dashboard} on another
 * machine can show it too. Keyed by {@link #pipelineId}: the compacted topic keeps the latest
 * report of each pipeline.
 */
final class HealthPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final Path stateDir;
  private String pipeline; // looked up on the first report: a host-name lookup may take seconds
  private final PipelineProbe probe;
  private final Clock clock;
  private StatusSchedule schedule;
  private boolean failing; // only touched by the schedule's thread: one WARN per outage

  HealthPublisher(
      String bootstrapServers, String topic, Path stateDir, PipelineProbe probe, Clock clock) {
    this.producer =
        new KafkaProducer<>(ProducerSettings.producerConfig(bootstrapServers, "citypulse-health"));
    this.topic = topic;
    this.stateDir = stateDir;
    this.probe = probe;
    this.clock = clock;
  }

  /** {@code host:state-dir}: two pipelines on one machine differ by their state directories. */
  static String pipelineId(Path stateDir) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + stateDir.toAbsolutePath();
  }

  void start(Duration interval) {
    schedule = StatusSchedule.every(interval, "citypulse-health", this::publish);
  }

  private void publish() {
    if (pipeline == null) {
      pipeline = pipelineId(stateDir);
    }
    byte[] report = Json.write(PipelineReport.of(pipeline, clock.instant(), probe));
    producer.send(new ProducerRecord<>(topic, pipeline, report), (metadata, error) -> {
      if (error != null && !failing) {
        LOG.warn(
            "Cannot publish the health report to {}: {} (dashboards elsewhere show no feed health"
                + " until it succeeds)",
            topic,
            error.toString());
      } else if (error == null && failing) {
        LOG.info("Health reports reach {} again", topic);
      }
      failing = error != null;
    });
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    producer.close(Duration.ofSeconds(2));
  }
}
