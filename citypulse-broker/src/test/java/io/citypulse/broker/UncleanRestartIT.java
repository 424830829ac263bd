package io.citypulse.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker killed with SIGKILL (a crashed pipeline) restarts on its directory with data and offsets. */
class UncleanRestartIT {

  @TempDir
  Path dataDir;

  @Test
  void killedBrokerRestartsWithItsRecordsAndCommittedOffsets() throws Exception {
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            BrokerProcessMain.class.getName(),
            dataDir.toString())
        .redirectErrorStream(true)
        .start();
    try {
      awaitReady(child);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, BrokerProcessMain.GROUP);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      TopicPartition partition = new TopicPartition(BrokerProcessMain.TOPIC, 0);
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            consumer.committed(Set.of(partition), Duration.ofSeconds(30));
        assertThat(committed.get(partition).offset()).isEqualTo(BrokerProcessMain.COMMITTED_OFFSET);

        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < BrokerProcessMain.RECORDS && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        }
        assertThat(values).hasSize(BrokerProcessMain.RECORDS).startsWith("v0").endsWith("v9");
      }
    }
  }

  private static void awaitReady(Process child) throws Exception {
    List<String> output = new ArrayList<>();
    Thread reader = new Thread(
        () -> {
          try (BufferedReader lines = new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
              synchronized (output) {
                output.add(line);
                output.notifyAll();
              }
            }
          } catch (java.io.IOException e) {
            // child killed
          }
        },
        "child-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.currentTimeMillis() + 60_000;
    synchronized (output) {
      while (output.stream().noneMatch(line -> line.startsWith("READY "))) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || !child.isAlive()) {
          throw new AssertionError("child broker not ready; output:\n" + String.join("\n", output));
        }
        output.wait(Math.min(left, 500));
      }
    }
  }
}
