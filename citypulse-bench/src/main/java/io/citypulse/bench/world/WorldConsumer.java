package io.citypulse.bench.world;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the pipeline's per-area and per-system topics from their beginning into a {@link
 * WorldTotals}, on its own thread, for as long as the bench runs: through a kill -9 of the
 * pipeline (whose embedded broker goes with it) the client retries until the relaunched broker
 * answers on the same port, and goes on from where it was.
 */
final class WorldConsumer implements AutoCloseable {
  private static final Duration TOPIC_CHECK = Duration.ofSeconds(2);

  private final String bootstrap;
  private final String areaTopic;
  private final String systemsTopic;
  private final WorldTotals into;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean areaTopicSeen;
  private volatile boolean systemsTopicSeen;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile RuntimeException lastError;

  WorldConsumer(String bootstrap, String areaTopic, String systemsTopic, WorldTotals into) {
    this.bootstrap = bootstrap;
    this.areaTopic = areaTopic;
    this.systemsTopic = systemsTopic;
    this.into = into;
    this.thread = new Thread(this::run, "world-consumer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean areaTopicSeen() {
    return areaTopicSeen;
  }

  boolean systemsTopicSeen() {
    return systemsTopicSeen;
  }

  /** The last error a poll gave (the consumer goes on), or null. */
  RuntimeException lastError() {
    return lastError;
  }

  private void run() {
    try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(props())) {
      consumer = kafka;
      List<TopicPartition> assigned = new ArrayList<>();
      long nextTopicCheck = System.nanoTime();
      while (running) {
        if ((!areaTopicSeen || !systemsTopicSeen) && System.nanoTime() - nextTopicCheck >= 0) {
          nextTopicCheck = System.nanoTime() + TOPIC_CHECK.toNanos();
          List<TopicPartition> found = new ArrayList<>();
          if (!areaTopicSeen) {
            found.addAll(partitions(kafka, areaTopic));
            areaTopicSeen = !found.isEmpty();
          }
          if (!systemsTopicSeen) {
            List<TopicPartition> more = partitions(kafka, systemsTopic);
            systemsTopicSeen = !more.isEmpty();
            found.addAll(more);
          }
          if (!found.isEmpty()) {
            // Partitions already assigned keep their positions (the consumer keeps the state of
            // a partition that stays in the assignment); the new ones start from the beginning.
            assigned.addAll(found);
            kafka.assign(assigned);
            kafka.seekToBeginning(found);
          }
        }
        if (assigned.isEmpty()) {
          sleep(200);
          continue;
        }
        try {
          for (ConsumerRecord<String, String> r : kafka.poll(Duration.ofMillis(250))) {
            long now = System.nanoTime();
            if (r.topic().equals(areaTopic)) {
              into.area(r.key(), r.value(), now);
            } else {
              into.system(r.key(), r.value(), now);
            }
          }
        } catch (WakeupException closing) {
          throw closing;
        } catch (RuntimeException e) {
          // The broker went away (kill -9) or came back: keep reading.
          lastError = e;
          sleep(500);
        }
      }
    } catch (WakeupException closing) {
      // close() woke the poll up.
    }
  }

  /** The topic's partitions, or none while the broker is down or the topic does not exist. */
  private static List<TopicPartition> partitions(
      KafkaConsumer<String, String> kafka, String topic) {
    try {
      List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofMillis(500));
      if (infos == null) {
        return List.of();
      }
      return infos.stream()
          .map(i -> new TopicPartition(i.topic(), i.partition()))
          .toList();
    } catch (RuntimeException notYet) {
      return List.of();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Properties props() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Asking for a topic that does not exist yet must not create it (with the wrong settings).
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // After a kill -9 the log is read on from the same offsets; if the broker lost its tail,
    // start over from the beginning rather than fail: only the latest value per key matters.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return props;
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, String> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
