package io.citypulse.app.run;

import io.citypulse.dashboard.health.ClusterHealth;
import io.citypulse.jobs.spark.ExecutorCount;
import io.citypulse.jobs.spark.JobEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The Kafka brokers and Spark executors a run on a cluster has now, against the most seen since
 * it started, measured every interval: the {@code cluster} part of the status line and of {@code
 * /api/health}, and the {@code citypulse.cluster.*} gauges. A lost broker or worker shows as
 * {@code degraded} while the pipeline carries on without it, and {@code ok} again once it is back:
 * the user sees the fault and the recovery without reading the clients' logs.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(4);

  private final Admin admin;
  private final JobEngine engine;
  private final String master;
  private volatile ClusterHealth latest;
  private int brokersSeen;
  private int executorsSeen;
  private StatusSchedule schedule;

  /** @param engine null when the Spark jobs do not run in this process */
  ClusterWatch(String bootstrapServers, JobEngine engine, String master) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-cluster");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(ASK_TIMEOUT.toMillis()));
    this.admin = Admin.create(props);
    this.engine = engine;
    this.master = master;
  }

  void start(Duration interval, MeterRegistry registry) {
    measure();
    Gauge.builder("citypulse.cluster.kafka.brokers", this, w -> brokers(w.latest))
        .description("Kafka brokers the cluster's metadata lists now")
        .register(registry);
    Gauge.builder("citypulse.cluster.spark.executors", this, w -> executors(w.latest))
        .description("Spark executors the jobs have now (NaN in local mode)")
        .register(registry);
    schedule = StatusSchedule.every(interval, "citypulse-cluster", this::measure);
  }

  /** The latest measurement; null before the first. */
  ClusterHealth health() {
    return latest;
  }

  synchronized void measure() {
    Integer brokers = aliveBrokers();
    ExecutorCount executors = engine == null ? null : engine.executors();
    if (brokers != null) {
      brokersSeen = Math.max(brokersSeen, brokers);
    }
    if (executors != null) {
      executorsSeen = Math.max(executorsSeen, executors.alive());
    }
    latest = new ClusterHealth(
        brokers,
        brokersSeen,
        master,
        executors == null ? null : executors.alive(),
        executorsSeen,
        executors == null ? 0 : executors.removed());
  }

  private Integer aliveBrokers() {
    try {
      return admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) ASK_TIMEOUT.toMillis()))
          .nodes()
          .get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
          .size();
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static double brokers(ClusterHealth health) {
    return health == null || health.kafkaBrokers() == null ? Double.NaN : health.kafkaBrokers();
  }

  private static double executors(ClusterHealth health) {
    return health == null || health.executors() == null ? Double.NaN : health.executors();
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    admin.close(Duration.ofSeconds(2));
  }
}
