package io.citypulse.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.app.config.ConfigException;
import io.citypulse.model.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a topic's records as JSON lines (replaces the course's consumer.py). */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Print the records of a topic as JSON lines, one per record.",
      "JSON values are printed as they are; other values are printed as JSON strings."
    },
    footerHeading = "%nExample:%n",
    footer = "  citypulse tail velib-projet-final-data --from-beginning --max 10")
final class TailCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read.")
  String topic;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:9092",
      description = "Kafka cluster (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--from-beginning",
      description = "Start at the earliest record instead of new ones.")
  boolean fromBeginning;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  Long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Stop when no record arrived for this long (e.g. 10s). Default: wait forever.")
  String timeout;

  @Option(
      names = "--with-metadata",
      description =
          "Wrap each record in an object with its topic, partition, offset, timestamp, key and value.")
  boolean withMetadata;

  @Override
  public Integer call() throws Exception {
    Duration idleTimeout = timeout == null ? null : parseTimeout(timeout);
    if (max != null && max < 1) {
      throw new ConfigException("--max must be at least 1, got " + max);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<TopicPartition> partitions = partitionsOf(topic);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long printed = 0;
      Instant lastRecord = Instant.now();
      while (max == null || printed < max) {
        var records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          out.println(format(record));
          lastRecord = Instant.now();
          if (max != null && ++printed >= max) {
            break;
          }
        }
        out.flush();
        if (idleTimeout != null
            && Duration.between(lastRecord, Instant.now()).compareTo(idleTimeout) > 0) {
          break;
        }
      }
    }
    return ExitCodes.OK;
  }

  private static Duration parseTimeout(String text) {
    try {
      return io.citypulse.app.config.Durations.parse(text);
    } catch (RuntimeException e) {
      throw new ConfigException(
          "--timeout: expected a duration such as 10s or 2m, got '" + text + "'");
    }
  }

  private List<TopicPartition> partitionsOf(String name) throws InterruptedException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(props)) {
      Map<String, TopicDescription> described =
          admin.describeTopics(List.of(name)).allTopicNames().get(15, TimeUnit.SECONDS);
      return described.get(name).partitions().stream()
          .map(p -> new TopicPartition(name, p.partition()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new UserFacingException("topic '" + name + "' does not exist on " + bootstrapServers
            + " (is the pipeline running? 'citypulse run' creates its topics)");
      }
      throw new UserFacingException(
          "cannot read topic '" + name + "' from " + bootstrapServers + ": "
              + e.getCause().getMessage(),
          e);
    } catch (TimeoutException e) {
      throw new UserFacingException("no Kafka broker answered at " + bootstrapServers
          + " within 15 s (start one with 'citypulse run', or pass --bootstrap-servers)");
    }
  }

  private Properties consumerProperties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  private String format(ConsumerRecord<byte[], byte[]> record) {
    JsonNode value = asJson(record.value());
    if (!withMetadata) {
      return value.toString();
    }
    ObjectNode wrapped = Json.MAPPER.createObjectNode();
    wrapped
        .put("topic", record.topic())
        .put("partition", record.partition())
        .put("offset", record.offset())
        .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString())
        .put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    wrapped.set("value", value);
    return wrapped.toString();
  }

  private static JsonNode asJson(byte[] bytes) {
    if (bytes == null) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (Exception notJson) {
      return Json.MAPPER.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
