package io.citypulse.app.transfer;

import io.citypulse.files.RecordWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Writes the records of a topic to a {@link RecordWriter}: from the beginning up to the end offsets
 * read at start (records arriving meanwhile are left for the next export), in read_committed mode
 * (what an aborted import transaction published is not exported).
 */
public final class TopicExporter {
  /** What an export did. */
  public record Result(long read, long written, long skipped, String firstSkipped) {}

  private final String bootstrapServers;
  private final Duration timeout;

  public TopicExporter(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /**
   * Exports {@code topic}.
   *
   * @param latest only the latest record of each key (held in memory until the end, one per key)
   * @throws TimeoutException when the topic does not exist or the broker does not answer
   */
  public Result export(
      String topic,
      ExportKind kind,
      RecordWriter writer,
      boolean latest,
      Importer.ProgressSink progress) {
    long read = 0;
    long skipped = 0;
    String firstSkipped = null;
    Map<String, byte[]> latestByKey = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
      var infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("topic '" + topic + "' does not exist");
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      List<TopicPartition> pending = new java.util.ArrayList<>(partitions);
      pending.removeIf(p -> consumer.position(p, timeout) >= end.get(p));
      consumer.pause(partitions.stream().filter(p -> !pending.contains(p)).toList());
      while (!pending.isEmpty()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= end.get(partition)) {
            continue;
          }
          read++;
          if (latest) {
            if (record.value() == null) {
              latestByKey.remove(record.key());
            } else {
              latestByKey.remove(record.key());
              latestByKey.put(record.key(), record.value());
            }
          } else if (record.value() != null) {
            String problem = write(kind, writer, record.value());
            if (problem != null) {
              skipped++;
              firstSkipped = firstSkipped != null
                  ? firstSkipped
                  : "partition " + record.partition() + " offset " + record.offset() + ": "
                      + problem;
            }
          }
          progress.update(-1, total, read);
        }
        for (TopicPartition partition : List.copyOf(pending)) {
          if (consumer.position(partition, timeout) >= end.get(partition)) {
            pending.remove(partition);
            consumer.pause(List.of(partition));
          }
        }
      }
    }
    for (byte[] value : latestByKey.values()) {
      String problem = write(kind, writer, value);
      if (problem != null) {
        skipped++;
        firstSkipped = firstSkipped != null ? firstSkipped : problem;
      }
    }
    return new Result(read, writer.count(), skipped, firstSkipped);
  }

  /** Writes one value; the problem when it is not a record of the kind, else null. */
  private static String write(ExportKind kind, RecordWriter writer, byte[] value) {
    Map<String, Object> row;
    try {
      row = kind.row(value);
    } catch (IllegalArgumentException e) {
      return "not a " + kind.id() + " record (" + firstLine(e.getMessage()) + ")";
    }
    writer.write(row);
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed".toLowerCase(Locale.ROOT));
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return props;
  }
}
