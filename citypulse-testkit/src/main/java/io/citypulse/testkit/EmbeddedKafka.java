package io.citypulse.testkit;

import io.citypulse.broker.EmbeddedKafkaBroker;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running one embedded Kafka broker per test class, with helpers to create
 * topics, produce and read records.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();
 * }</pre>
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int MAX_RECORDS_IN_FAILURE = 50;

  private final String external;
  private Path dataDir;
  private EmbeddedKafkaBroker broker;

  /** A broker of its own, started before the test class and stopped after it. */
  public EmbeddedKafka() {
    this(null);
  }

  private EmbeddedKafka(String external) {
    this.external = external;
  }

  /**
   * The same helpers (topics, produce, read) on a Kafka cluster that runs elsewhere (the local
   * cluster of the cluster tests): nothing is started or stopped but the clients.
   */
  public static EmbeddedKafka connectedTo(String bootstrapServers) {
    return new EmbeddedKafka(bootstrapServers);
  }

  private KafkaProducer<String, String> producer;

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws IOException {
    if (broker != null || external != null) {
      return; // already started (a @Nested class re-triggers beforeAll), or not ours to start
    }
    dataDir = Files.createTempDirectory("citypulse-kafka-");
    broker = EmbeddedKafkaBroker.start(dataDir, 0);
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      return; // a @Nested class finished; the enclosing class still needs the broker
    }
    stop();
  }

  /** The broker's bootstrap address ({@code 127.0.0.1:PORT}). */
  public String bootstrapServers() {
    return external != null ? external : requireBroker().bootstrapServers();
  }

  /** Creates a topic (replication factor 1) if missing and waits until it is visible. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    TopicAdmin.ensureTopics(
        bootstrapServers(),
        List.of(new TopicSpec(name, partitions, (short) 1, configs)),
        ADMIN_TIMEOUT);
  }

  /** Creates a one-partition topic if missing and waits until it is visible. */
  public void createTopic(String name) {
    createTopic(name, 1, Map.of());
  }

  /** Sends one record and waits for the broker's acknowledgement (acks=all). */
  public void produce(String topic, String key, String value) {
    try {
      producer().send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot produce to " + topic + ": " + e.getCause(), e.getCause());
    }
  }

  /**
   * Reads {@code topic} from the beginning until at least {@code minRecords} arrived.
   *
   * @throws AssertionError on timeout, listing what was received
   */
  public List<ConsumerRecord<String, String>> consume(
      String topic, int minRecords, Duration timeout) {
    return readUntil(
        topic,
        records -> records.size() >= minRecords,
        timeout,
        () -> "at least " + minRecords + " record(s)");
  }

  /**
   * Reads {@code topic} from the beginning, accumulating every record, until {@code done} accepts
   * the accumulated list.
   *
   * @throws AssertionError on timeout, listing what was received
   */
  public List<ConsumerRecord<String, String>> consumeUntil(
      String topic, Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
    return readUntil(topic, done, timeout, () -> "the expected records");
  }

  /**
   * Reads {@code topic} from the beginning, keeping the latest value per key (a null value deletes
   * the key, as compaction would), until {@code done} accepts the map.
   *
   * @throws AssertionError on timeout, showing the map reached so far and the records
   */
  public Map<String, String> latestByKey(
      String topic, Predicate<Map<String, String>> done, Duration timeout) {
    Map<String, String> latest = new LinkedHashMap<>();
    int[] folded = {0};
    readUntil(
        topic,
        records -> {
          for (; folded[0] < records.size(); folded[0]++) {
            ConsumerRecord<String, String> record = records.get(folded[0]);
            if (record.value() == null) {
              latest.remove(record.key());
            } else {
              latest.put(record.key(), record.value());
            }
          }
          return done.test(latest);
        },
        timeout,
        () -> "the expected latest value per key; latest so far: " + latest);
    return latest;
  }

  // -- internals ---------------------------------------------------------------------------------

  private List<ConsumerRecord<String, String>> readUntil(
      String topic,
      Predicate<List<ConsumerRecord<String, String>>> done,
      Duration timeout,
      Supplier<String> expectation) {
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = newConsumer()) {
      List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
      if (partitions.isEmpty()) {
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for topic '"
            + topic + "' to exist (auto-creation is off: create it first)");
      }
      // assign() rather than subscribe(): no group join, so reading starts at once.
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      if (done.test(received)) {
        return received;
      }
      while (System.nanoTime() < deadline) {
        int before = received.size();
        consumer.poll(POLL).forEach(received::add);
        if (received.size() > before && done.test(received)) {
          return received;
        }
      }
    }
    throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting on topic '"
        + topic + "' for " + expectation.get() + "; received " + received.size() + " record(s)"
        + describe(received));
  }

  private static List<TopicPartition> awaitPartitions(
      KafkaConsumer<String, String> consumer, String topic, long deadline) {
    while (System.nanoTime() < deadline) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, POLL.multipliedBy(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
      }
      sleep(POLL);
    }
    return List.of();
  }

  private static String describe(List<ConsumerRecord<String, String>> records) {
    if (records.isEmpty()) {
      return "";
    }
    int from = Math.max(0, records.size() - MAX_RECORDS_IN_FAILURE);
    String lines = records.subList(from, records.size()).stream()
        .map(r -> "  p" + r.partition() + "@" + r.offset() + " " + r.key() + " = " + r.value())
        .collect(Collectors.joining("\n"));
    return (from > 0 ? " (last " + MAX_RECORDS_IN_FAILURE + " shown)" : "") + ":\n" + lines;
  }

  private KafkaConsumer<String, String> newConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Show what a downstream consumer would see: records of aborted transactions are skipped.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  private synchronized EmbeddedKafkaBroker requireBroker() {
    if (broker == null) {
      throw new IllegalStateException(
          "EmbeddedKafka is not started: register it with @RegisterExtension on a static field");
    }
    return broker;
  }

  private synchronized void stop() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
    if (broker != null) {
      broker.close();
      broker = null;
    }
    if (dataDir != null) {
      deleteRecursively(dataDir);
      dataDir = null;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
