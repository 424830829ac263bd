package io.citypulse.dashboard.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The cluster a pipeline runs on, as {@code /api/health}'s {@code cluster}: how many Kafka brokers
 * and Spark executors answer now, against the most seen since the start. A broker or a worker lost
 * makes it {@code degraded} while the pipeline goes on without it (Kafka moves the partitions'
 * leaders, Spark reruns the lost tasks elsewhere); it is {@code ok} again once they are back.
 *
 * @param kafkaBrokers brokers the cluster's metadata lists now; null until first measured or while
 *     no broker answers
 * @param kafkaBrokersSeen the most listed at once since the start
 * @param sparkMaster the master the jobs run on ({@code local[2]} when they run in this process)
 * @param executors executors the jobs have now; null in local mode
 * @param executorsSeen the most at once since the start
 * @param executorsLost executors removed since the start (a lost worker, a killed JVM)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterHealth(
    @JsonProperty("kafka_brokers") Integer kafkaBrokers,
    @JsonProperty("kafka_brokers_seen") int kafkaBrokersSeen,
    @JsonProperty("spark_master") String sparkMaster,
    @JsonProperty("executors") Integer executors,
    @JsonProperty("executors_seen") int executorsSeen,
    @JsonProperty("executors_lost") long executorsLost) {

  /** {@code ok}, or {@code degraded} while fewer brokers or executors answer than were seen. */
  @JsonProperty("status")
  public String status() {
    boolean brokersMissing =
        kafkaBrokersSeen > 0 && (kafkaBrokers == null || kafkaBrokers < kafkaBrokersSeen);
    boolean executorsMissing = executors != null && executors < executorsSeen;
    return brokersMissing || executorsMissing ? "degraded" : "ok";
  }
}
