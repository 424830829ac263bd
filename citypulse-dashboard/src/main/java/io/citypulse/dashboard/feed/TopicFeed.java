package io.citypulse.dashboard.feed;

import io.citypulse.dashboard.health.PipelineReport;
import io.citypulse.dashboard.health.ReportedPipelines;
import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.model.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the station, postcode and weather topics from the beginning on one thread and folds them
 * into a {@link DashboardState}, calling the listener once per applied record. The topics are
 * compacted, so reading from the beginning rebuilds the current state; there is no consumer
 * group (assign, not subscribe): every dashboard reads everything and commits nothing.
 */
public final class TopicFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
  private static final Duration POLL = Duration.ofMillis(200);
  /** How often topics not yet found (or new partitions) are looked for: the dashboard may start first. */
  private static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(5);

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, Object> consumerConfig;
  private final FeedTopics topics;
  private final RecordApplier applier;
  private final Consumer<Change> listener;
  private final String deadLetterTopic;
  private final ReaderPosition position;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong recordsRead = new AtomicLong();
  private final AtomicLong discoveryRounds = new AtomicLong();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread thread;
  private boolean brokerReachable = true; // only touched by the feed thread: logs each outage once
  private KafkaConsumer<String, byte[]> deadLetterSizer; // only touched by the feed thread
  private String healthTopic;
  private ReportedPipelines healthReports;
  private String alertsTopic;
  private final DashboardState state;

  /**
   * @param consumerConfig Kafka consumer settings, at least {@code bootstrap.servers} (see
   *     {@link #consumerConfig(String)}); deserializers, group and commits are set here
   */
  public TopicFeed(
      Map<String, Object> consumerConfig,
      FeedTopics topics,
      DashboardState state,
      Consumer<Change> listener) {
    this(consumerConfig, topics, null, new ReaderPosition(), state, listener);
  }

  /**
   * @param deadLetterTopic whose size is measured into {@code position} (not read), or null
   * @param position where the reader's lag and the dead-letter count are published
   */
  public TopicFeed(
      Map<String, Object> consumerConfig,
      FeedTopics topics,
      String deadLetterTopic,
      ReaderPosition position,
      DashboardState state,
      Consumer<Change> listener) {
    this.consumerConfig = new HashMap<>(consumerConfig);
    this.topics = topics;
    this.deadLetterTopic = deadLetterTopic;
    this.position = position;
    this.applier = new RecordApplier(state);
    this.state = state;
    this.listener = listener;
  }

  /** Minimal consumer settings for a broker address. */
  public static Map<String, Object> consumerConfig(String bootstrapServers) {
    // citypulse import writes in transactions: rows of an aborted one must not show.
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed");
  }

  /**
   * Also reads the pipelines' health reports from {@code topic} into {@code reports} (for a
   * dashboard that does not run the pipeline itself). Before {@link #start()}.
   */
  public synchronized TopicFeed withHealthReports(String topic, ReportedPipelines reports) {
    if (consumer != null) {
      throw new IllegalStateException("health reports must be set before start()");
    }
    this.healthTopic = topic;
    this.healthReports = reports;
    return this;
  }

  /**
   * Also reads the alert records of {@code topic} into the state's {@link
   * DashboardState#alerts()} (the alerts panel, stations marked on the map). Before {@link
   * #start()}.
   */
  public synchronized TopicFeed withAlerts(String topic) {
    if (consumer != null) {
      throw new IllegalStateException("the alerts topic must be set before start()");
    }
    this.alertsTopic = topic;
    return this;
  }

  /** Starts the reading thread (a daemon: it must not keep the JVM alive). */
  public synchronized void start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("TopicFeed already started");
    }
    consumer = newConsumer();
    thread = new Thread(this::run, "dashboard-feed");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the reading thread is running (false before start, after close or a fatal error). */
  public boolean isRunning() {
    return running.get();
  }

  /**
   * Records read from the topics so far (applied, stale and unreadable alike), each counted once
   * its effect is in the state.
   */
  public long recordsRead() {
    return recordsRead.get();
  }

  /** Topic discovery rounds done so far, successful or not (for tests to wait on one). */
  long discoveryRounds() {
    return discoveryRounds.get();
  }

  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      return;
    }
    consumer.wakeup(); // the only thread-safe KafkaConsumer method: ends a blocking poll at once
    try {
      // Joined, not signalled from its finally block: when close returns the thread has ended.
      thread.join(TimeUnit.SECONDS.toMillis(10));
      if (thread.isAlive()) {
        LOG.warn("Dashboard feed thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Set<TopicPartition> assigned = new HashSet<>();
    long nextDiscovery = System.nanoTime(); // nanoTime may be negative: never compare it with 0
    try (KafkaConsumer<String, byte[]> c = consumer) {
      while (running.get()) {
        if (System.nanoTime() - nextDiscovery >= 0) {
          assignNewPartitions(c, assigned);
          measure(c, assigned);
          discoveryRounds.incrementAndGet();
          nextDiscovery = System.nanoTime() + DISCOVERY_INTERVAL.toNanos();
        }
        if (assigned.isEmpty()) {
          sleep(POLL);
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
          String where = record.topic() + "-" + record.partition() + "@" + record.offset();
          if (record.topic().equals(healthTopic)) {
            acceptHealthReport(record.value(), where);
          } else if (record.topic().equals(alertsTopic)) {
            acceptAlert(record.value(), where);
          } else {
            applier
                .apply(topics.kindOf(record.topic()), record.value(), where)
                .ifPresent(this::notifyListener);
          }
          // Counted once applied: whoever sees the count sees the record's effect.
          recordsRead.incrementAndGet();
        }
      }
    } catch (WakeupException e) {
      // close() was called: normal end
    } catch (RuntimeException e) {
      LOG.error("Dashboard feed stopped: {}", e.toString(), e);
    } finally {
      if (deadLetterSizer != null) {
        deadLetterSizer.close(Duration.ofSeconds(1));
      }
      running.set(false);
    }
  }

  /** Adds partitions of topics that now exist, reading each new one from its beginning. */
  private void assignNewPartitions(KafkaConsumer<String, byte[]> c, Set<TopicPartition> assigned) {
    Set<TopicPartition> found = new HashSet<>();
    try {
      List<String> read = new java.util.ArrayList<>(topics.all());
      if (healthTopic != null) {
        read.add(healthTopic);
      }
      if (alertsTopic != null) {
        read.add(alertsTopic);
      }
      for (String topic : read) {
        List<PartitionInfo> infos = c.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos != null) {
          infos.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
        }
      }
    } catch (TimeoutException e) {
      // The broker is not (yet) reachable: the dashboard keeps serving what it has and looks again
      // at the next discovery; poll() reconnects by itself for partitions already assigned.
      if (brokerReachable) {
        LOG.warn(
            "Dashboard cannot reach Kafka at {} ({}); retrying every {} s",
            consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
            e.getMessage(),
            DISCOVERY_INTERVAL.toSeconds());
      }
      brokerReachable = false;
      return;
    }
    if (!brokerReachable) {
      LOG.info("Dashboard reaches Kafka again");
      brokerReachable = true;
    }
    found.removeAll(assigned);
    if (found.isEmpty()) {
      return;
    }
    assigned.addAll(found);
    c.assign(assigned); // replaces the assignment; positions of partitions kept are kept
    c.seekToBeginning(found);
    LOG.info("Dashboard reads {} from the beginning", found);
  }

  /** The reader's lag per stream and the dead-letter topic's size, for the health panel and /metrics. */
  private void measure(KafkaConsumer<String, byte[]> c, Set<TopicPartition> assigned) {
    if (!brokerReachable) {
      return;
    }
    try {
      Map<String, Long> lag = new HashMap<>();
      for (var end : c.endOffsets(assigned, METADATA_TIMEOUT).entrySet()) {
        if (end.getKey().topic().equals(healthTopic) || end.getKey().topic().equals(alertsTopic)) {
          continue; // not a stream of the lag panel
        }
        long behind = Math.max(0, end.getValue() - c.position(end.getKey(), METADATA_TIMEOUT));
        lag.merge(topics.kindOf(end.getKey().topic()).eventName(), behind, Long::sum);
      }
      position.lag(lag);
      if (deadLetterTopic != null) {
        KafkaConsumer<String, byte[]> sizer = deadLetterSizer();
        List<PartitionInfo> infos = sizer.partitionsFor(deadLetterTopic, METADATA_TIMEOUT);
        if (infos != null && !infos.isEmpty()) {
          Set<TopicPartition> partitions = new HashSet<>();
          infos.forEach(
              info -> partitions.add(new TopicPartition(deadLetterTopic, info.partition())));
          if (!sizer.assignment().equals(partitions)) {
            sizer.assign(
                partitions); // never polled: assigned only so that endOffsets does not warn
          }
          position.deadLetters(sizer.endOffsets(partitions, METADATA_TIMEOUT).values().stream()
              .mapToLong(Long::longValue)
              .sum());
        }
      }
    } catch (TimeoutException e) {
      // Measured again at the next discovery; the values shown stay those of the last success.
      LOG.debug("Dashboard could not measure its lag: {}", e.toString());
    }
  }

  /**
   * A consumer that never reads, only sizes the dead-letter topic. Asking a consumer for the end of
   * a partition it is not assigned logs a WARN every time (Kafka 4.3), and the reading consumer must
   * not be assigned the dead letters.
   */
  private KafkaConsumer<String, byte[]> deadLetterSizer() {
    if (deadLetterSizer == null) {
      Map<String, Object> props = new HashMap<>(consumerConfig);
      props.remove(ConsumerConfig.GROUP_ID_CONFIG);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.CLIENT_ID_CONFIG, "citypulse-dashboard-dead-letters");
      deadLetterSizer =
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
    return deadLetterSizer;
  }

  private void acceptHealthReport(byte[] value, String where) {
    try {
      healthReports.accept(Json.read(value, PipelineReport.class));
    } catch (RuntimeException e) { // unreadable JSON, or a report without pipeline or time
      LOG.warn("Dashboard skips an unreadable health report at {}: {}", where, e.getMessage());
    }
  }

  private void acceptAlert(byte[] value, String where) {
    try {
      state.alerts().apply(Json.read(value, io.citypulse.alerts.Alert.class));
    } catch (RuntimeException e) { // unreadable JSON, or a record without subject or times
      LOG.warn("Dashboard skips an unreadable alert record at {}: {}", where, e.getMessage());
    }
  }

  private void notifyListener(Change change) {
    try {
      listener.accept(change);
    } catch (RuntimeException e) {
      // A failing listener (e.g. a web client gone) must not stop the state from being updated.
      LOG.warn("Dashboard change listener failed on {}: {}", change, e.toString());
    }
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    Map<String, Object> props = new HashMap<>(consumerConfig);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: nothing to commit, no rebalances
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Show what Spark's read_committed readers see: records of aborted transactions are skipped.
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "citypulse-dashboard");
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }
}
