package io.citypulse.app.sink;

import io.citypulse.model.DeadLetterHeaders;
import io.citypulse.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds result topics to a {@link SinkWriter} on a thread of its own: reads committed records
 * with a plain consumer (no Spark: a sink that only copies records needs no micro-batches),
 * decodes them, writes them, dead-letters what the writer refuses or what does not decode, and
 * only then commits the offsets in the consumer group {@code citypulse-<name>}. A crash between
 * the write and the commit replays the batch, which the writers' ids make harmless; a server that
 * is away holds the batch (the writer retries) instead of dropping it.
 */
public final class TopicSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSink.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** What a sink needs besides its writer. */
  public record Settings(
      String name,
      String bootstrapServers,
      Map<String, String> streamsByTopic,
      String deadLetterTopic,
      int maxRecordsPerBatch) {
    public Settings {
      streamsByTopic = Map.copyOf(streamsByTopic);
    }

    /** The consumer group whose committed offsets say what the sink has written. */
    public String group() {
      return "citypulse-" + name;
    }
  }

  /** What the sink has done so far, for the status line and the health report. */
  public record Snapshot(
      String name,
      String target,
      Map<String, Long> written,
      long refused,
      long lag,
      Instant lastWrite,
      SinkHealth health) {
    public long totalWritten() {
      return written.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Settings settings;
  private final SinkWriter writer;
  private final Clock clock;
  private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();
  private final AtomicReference<Instant> lastWrite = new AtomicReference<>();
  /** Set while something other than the writer's server holds the sink up (Kafka, a bug). */
  private final AtomicReference<SinkHealth> ownHealth = new AtomicReference<>(SinkHealth.OK);

  private final Thread thread;
  private volatile boolean stopping;
  /** True while the writer has the batch: only then does a stop interrupt the thread. */
  private volatile boolean writing;

  private volatile boolean sleeping;
  private volatile KafkaConsumer<String, String> consumer;
  private KafkaProducer<String, byte[]> deadLetters;

  public TopicSink(Settings settings, SinkWriter writer, Clock clock) {
    this.settings = settings;
    this.writer = writer;
    this.clock = clock;
    settings.streamsByTopic().values().forEach(s -> written.put(s, new AtomicLong()));
    this.thread = new Thread(this::runLoop, "citypulse-sink-" + settings.name());
    this.thread.setDaemon(true);
  }

  /** Starts reading; returns at once. */
  public TopicSink start() {
    thread.start();
    return this;
  }

  public Snapshot snapshot() {
    Map<String, Long> counts = new LinkedHashMap<>();
    settings.streamsByTopic().values().stream()
        .distinct()
        .sorted(java.util.Comparator.comparingInt(SinkStreams::rank))
        .forEach(s -> counts.put(s, written.get(s).get()));
    SinkHealth own = ownHealth.get();
    return new Snapshot(
        settings.name(),
        writer.describe(),
        counts,
        refused.get(),
        lag.get(),
        lastWrite.get(),
        own.retrying() ? own : writer.health());
  }

  /** Whether the loop has stopped on its own (it only does when the thread dies of an error). */
  public boolean stoppedOnItsOwn() {
    return !stopping && thread.getState() == Thread.State.TERMINATED;
  }

  private void runLoop() {
    Duration backoff = FIRST_BACKOFF;
    KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerProperties());
    consumer = kafka;
    try {
      assign(kafka);
      while (!stopping) {
        ConsumerRecords<String, String> records = kafka.poll(POLL);
        updateLag(kafka);
        if (records.isEmpty()) {
          continue;
        }
        while (!stopping) {
          try {
            writeAndCommit(kafka, records);
            ownHealth.set(SinkHealth.OK);
            backoff = FIRST_BACKOFF;
            break;
          } catch (InterruptedException | WakeupException e) {
            return;
          } catch (RuntimeException e) {
            if (stopping) {
              return;
            }
            // A Kafka error at commit, or a writer's bug: the batch is kept and tried again.
            SinkHealth was = ownHealth.get();
            ownHealth.set(
                new SinkHealth(true, was.retrying() ? was.since() : clock.instant(), e.toString()));
            LOG.warn(
                "{} sink: batch not written, retrying in {} ms: {}",
                settings.name(),
                backoff.toMillis(),
                e.toString());
            if (!sleep(backoff)) {
              return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
          }
        }
      }
    } catch (WakeupException e) {
      // close() during a poll
    } catch (RuntimeException e) {
      if (!stopping) {
        LOG.error("{} sink stopped: {}", settings.name(), e.toString(), e);
        ownHealth.set(new SinkHealth(true, clock.instant(), "stopped: " + e));
      }
    } finally {
      // A stop may have interrupted a write: the clients must close on a thread that is not.
      Thread.interrupted();
      consumer = null;
      kafka.close(Duration.ofSeconds(5));
      if (deadLetters != null) {
        deadLetters.close(Duration.ofSeconds(5));
      }
    }
  }

  private void writeAndCommit(
      KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
      throws InterruptedException {
    List<SinkRecord> decoded = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      next.put(
          new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1));
      if (record.value() == null) {
        continue; // a tombstone of a compacted topic: nothing to write
      }
      String stream = settings.streamsByTopic().get(record.topic());
      SinkRecord read = new SinkRecord(
          stream,
          record.topic(),
          record.partition(),
          record.offset(),
          record.key(),
          null,
          record.value(),
          record.timestamp());
      Class<?> type = SinkStreams.type(stream);
      try {
        decoded.add(read.withValue(Json.read(record.value(), type)));
      } catch (IllegalArgumentException e) {
        refusals.add(new Refusal(read, "not a " + type.getSimpleName(), e.getMessage()));
      }
    }
    List<Refusal> refusedByWriter;
    writing = true;
    try {
      refusedByWriter = decoded.isEmpty() ? List.of() : writer.write(decoded);
    } finally {
      writing = false;
    }
    refusals.addAll(refusedByWriter);
    if (!refusals.isEmpty()) {
      deadLetter(refusals);
    }
    kafka.commitSync(next, Duration.ofSeconds(30));
    java.util.Set<SinkRecord> refusedRecords = new java.util.HashSet<>();
    refusedByWriter.forEach(r -> refusedRecords.add(r.record()));
    for (SinkRecord r : decoded) {
      if (!refusedRecords.contains(r)) {
        written.get(r.stream()).incrementAndGet();
      }
    }
    refused.addAndGet(refusals.size());
    lastWrite.set(clock.instant());
  }

  private void deadLetter(List<Refusal> refusals) throws InterruptedException {
    Refusal first = refusals.get(0);
    LOG.warn(
        "{} sink: {} record(s) refused, sent to {}; first {}: {} ({})",
        settings.name(),
        refusals.size(),
        settings.deadLetterTopic(),
        first.record().position(),
        first.reason(),
        first.detail());
    if (deadLetters == null) {
      deadLetters = new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              settings.bootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all",
              ProducerConfig.CLIENT_ID_CONFIG,
              settings.group() + "-dead-letters"),
          new StringSerializer(),
          new ByteArraySerializer());
    }
    List<Future<?>> sent = new ArrayList<>();
    for (Refusal r : refusals) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(DeadLetterHeaders.REASON, utf8(r.reason()));
      headers.add(DeadLetterHeaders.DETAIL, utf8(r.detail()));
      headers.add(
          DeadLetterHeaders.SOURCE, utf8(settings.name() + " " + r.record().position()));
      headers.add(
          DeadLetterHeaders.TIMESTAMP,
          utf8(Instant.ofEpochMilli(r.record().timestampMillis()).toString()));
      sent.add(deadLetters.send(new ProducerRecord<>(
          settings.deadLetterTopic(),
          null,
          null,
          r.record().key(),
          utf8(r.record().json()),
          headers)));
    }
    for (Future<?> future : sent) {
      try {
        future.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // Not committed: the batch is written again, then dead-lettered again.
        throw new IllegalStateException(
            "could not write dead letters to " + settings.deadLetterTopic() + ": " + e.getMessage(),
            e);
      }
    }
  }

  private void assign(KafkaConsumer<String, String> kafka) {
    // Assigned, not subscribed: a batch held while the server is away must not cost the sink its
    // partitions in a rebalance. The group only keeps the committed offsets.
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : settings.streamsByTopic().keySet()) {
      List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    kafka.assign(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed =
        kafka.committed(new java.util.HashSet<>(partitions), Duration.ofSeconds(30));
    committed.forEach((partition, offset) -> {
      if (offset != null) {
        kafka.seek(partition, offset);
      }
    });
  }

  private void updateLag(KafkaConsumer<String, String> kafka) {
    long total = 0;
    for (TopicPartition partition : kafka.assignment()) {
      total += kafka.currentLag(partition).orElse(0);
    }
    lag.set(total);
  }

  private Properties consumerProperties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.group());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // An aborted import transaction must never reach an index or a cache.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxRecordsPerBatch());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }

  private boolean sleep(Duration duration) {
    sleeping = true;
    try {
      Thread.sleep(duration.toMillis());
      return !stopping;
    } catch (InterruptedException e) {
      return false;
    } finally {
      sleeping = false;
    }
  }

  private static byte[] utf8(String value) {
    return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Stops reading: a batch being retried is abandoned uncommitted (the next start writes it), a
   * batch being written is interrupted the same way. Waits up to 30 s for the thread.
   */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    // Interrupted only where it waits on the server or a backoff: an interrupt inside a Kafka
    // call would fail it instead of letting it finish.
    if (writing || sleeping) {
      thread.interrupt();
    }
    thread.join(5_000);
    if (thread.isAlive()) {
      thread.interrupt(); // it entered a write after the check above
      thread.join(25_000);
    }
    writer.close();
  }
}
