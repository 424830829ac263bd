package io.citypulse.bench.worker;

import io.citypulse.bench.data.StationCatalog;
import io.citypulse.bench.data.UpdateGenerator;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The physical ceiling on this machine: a raw producer writing station-record-sized values to the
 * same embedded broker, then a raw consumer reading them back, with no processing at all.
 */
final class LoopbackWorker {
  static final String TOPIC = "bench-loopback";
  private static final int DISTINCT_VALUES = 10_000;

  static Map<String, Object> run(WorkerParams params) throws Exception {
    Path runDir = params.path("dir");
    long records = params.number("records");
    long seed = params.number("seed");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("records", records);
    try (WorkerBroker broker = WorkerBroker.start(runDir)) {
      TopicAdmin.ensureTopics(
          broker.bootstrapServers(),
          List.of(TopicSpec.of(TOPIC, WorkerBroker.INPUT_PARTITIONS)),
          Duration.ofSeconds(30));
      // Real StationRecord JSON, pre-serialised and cycled: the timed loop only sends.
      UpdateGenerator generator = new UpdateGenerator(
          StationCatalog.generate(seed, params.integer("stations")),
          seed,
          ThroughputWorker.TIMELINE_START,
          0);
      List<String> keys = new ArrayList<>(DISTINCT_VALUES);
      List<byte[]> values = new ArrayList<>(DISTINCT_VALUES);
      long valueBytes = 0;
      for (int i = 0; i < DISTINCT_VALUES; i++) {
        StationRecord record = generator.next();
        keys.add(record.key());
        values.add(Json.write(record));
        valueBytes += values.get(i).length;
      }
      double meanValueBytes = valueBytes / (double) DISTINCT_VALUES;
      result.put("mean_value_bytes", meanValueBytes);
      result.put(
          "producer_settings",
          producerSettings(broker.bootstrapServers()).entrySet().stream()
              .filter(e -> !e.getKey().equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                  && !e.getKey().contains("serializer"))
              .collect(java.util.stream.Collectors.toMap(
                  Map.Entry::getKey, e -> e.getValue().toString())));

      AtomicReference<Exception> failure = new AtomicReference<>();
      AtomicLong acked = new AtomicLong();
      long start = System.nanoTime();
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(producerSettings(broker.bootstrapServers()))) {
        for (long i = 0; i < records; i++) {
          int at = (int) (i % DISTINCT_VALUES);
          producer.send(new ProducerRecord<>(TOPIC, keys.get(at), values.get(at)), (md, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            } else {
              acked.incrementAndGet();
            }
          });
        }
        producer.flush();
      }
      double produceSeconds = (System.nanoTime() - start) / 1e9;
      if (failure.get() != null || acked.get() != records) {
        throw new IllegalStateException(
            "loopback producer: " + acked.get() + " of " + records + " acked", failure.get());
      }
      result.put("produce_records_per_s", records / produceSeconds);
      result.put("produce_mb_per_s", records * meanValueBytes / 1e6 / produceSeconds);

      long consumeStart = System.nanoTime();
      long read = consumeAll(broker.bootstrapServers(), records);
      double consumeSeconds = (System.nanoTime() - consumeStart) / 1e9;
      result.put("consume_records_per_s", read / consumeSeconds);
      result.put("consume_mb_per_s", read * meanValueBytes / 1e6 / consumeSeconds);
      result.put(
          "rss_peak_mb",
          ProcStatus.kbToMb(ProcStatus.peakRssKb(ProcessHandle.current().pid()).orElse(-1)));
    }
    return result;
  }

  /**
   * The product's producer guarantees (acks=all, idempotent, no compression: the topic holds what
   * the engines read) with batching sized for throughput (256 KB batches, 20 ms linger).
   */
  static Map<String, Object> producerSettings(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    return config;
  }

  private static long consumeAll(String bootstrap, long expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    long read = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < WorkerBroker.INPUT_PARTITIONS; p++) {
        partitions.add(new TopicPartition(TOPIC, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            read++;
          }
        }
      }
    }
    if (read != expected) {
      throw new IllegalStateException("loopback consumer read " + read + " of " + expected);
    }
    return read;
  }

  private LoopbackWorker() {}
}
