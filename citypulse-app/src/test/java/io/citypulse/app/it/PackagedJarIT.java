package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.testkit.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar as a user would: {@code java -jar citypulse.jar demo}. */
class PackagedJarIT {
  private static final Duration FIRST_AGGREGATE_WITHIN = Duration.ofSeconds(120);

  @TempDir
  Path stateDir;

  @Test
  void demoPublishesAnAggregateAndStopsCleanlyOnSigterm() throws Exception {
    Path jar = Path.of("target", "citypulse.jar");
    assertThat(jar).as("run 'package' first").exists();
    int port = Ports.freePort();
    Path log = stateDir.resolve("demo.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder launch = new ProcessBuilder(
            java,
            "-Xmx1g",
            "-jar",
            jar.toString(),
            "demo",
            "--kafka-port",
            Integer.toString(port),
            "--state-dir",
            stateDir.resolve("state").toString(),
            "--set",
            "status.interval=2s",
            "--set",
            "demo.stations=120",
            "--dashboard-port",
            "0")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // The class-data archive of this first launch goes to the test's directory, not the user's.
    launch.environment().put("XDG_CACHE_HOME", stateDir.resolve("cache").toString());
    Process process = launch.start();
    try {
      Instant launched = Instant.now();
      PostcodeAvailability first = awaitFirstAggregate("127.0.0.1:" + port, process, log);
      System.out.printf(
          "first aggregate %d ms after launch: %s%n",
          Duration.between(launched, Instant.now()).toMillis(), first);

      assertThat(first.postcode()).matches("\\d{5}");
      assertThat(first.stations()).isPositive();
      assertThat(first.bikesAvailable()).isEqualTo(first.mechanical() + first.ebike());

      // The dashboard, served by the same JVM as Spark from the shaded jar, shows that postcode.
      String url = awaitLine(log, "citypulse: dashboard at ")
          .replace("citypulse: dashboard at ", "")
          .trim();
      assertThat(url).startsWith("http://127.0.0.1:");
      HttpClient http = HttpClient.newHttpClient();
      String postcodes = await("the postcode on /api/postcodes")
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .until(
              () -> http.send(
                      HttpRequest.newBuilder(URI.create(url + "api/postcodes")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body(),
              body -> body.contains("\"postcode\":\"" + first.postcode() + "\""));
      assertThat(postcodes).contains("\"postcode\":\"" + first.postcode() + "\"");

      // Its health panel sees this process's pollers and Spark jobs; /metrics their counters.
      String health = await("the running job on /api/health")
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .until(
              () -> http.send(
                      HttpRequest.newBuilder(URI.create(url + "api/health")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body(),
              body -> body.contains(
                  "\"job\":\"postcode-availability\",\"input_topic\":\"velib-projet\",\"status\":\"running\""));
      assertThat(health)
          .contains(
              "\"pipeline\":true",
              "\"feed\":\"gbfs demo\",\"status\":\"ok\"",
              "\"job\":\"postcode-availability\",\"input_topic\":\"velib-projet\",\"status\":\"running\"");
      String metrics = http.send(
              HttpRequest.newBuilder(URI.create(url + "metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
      assertThat(metrics)
          .containsPattern("citypulse_polls_total\\{feed=\"gbfs\",outcome=\"ok\"} [1-9]")
          .containsPattern(
              "citypulse_job_batch_duration_seconds_count\\{job=\"postcode-availability\"} [1-9]")
          .contains(
              "citypulse_job_lag{job=\"postcode-availability\"}",
              "citypulse_dead_letter_topic_records");
    } finally {
      process.destroy();
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      assertThat(exited)
          .as("demo stops within 60 s of SIGTERM; log:%n%s", read(log))
          .isTrue();
    }
    assertThat(read(log))
        .contains("embedded Kafka broker on 127.0.0.1:" + port)
        .contains("stopped");
    try (var archives = Files.list(stateDir.resolve("cache").resolve("citypulse"))) {
      assertThat(archives.map(Path::toString))
          .as("the first launch records its class-data archive")
          .anyMatch(name -> name.endsWith(".jsa"));
    }
  }

  @Test
  void configPrintsEveryKeyAndMasksTheSecrets() throws Exception {
    Path jar = Path.of("target", "citypulse.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    String markdown =
        runToEnd(new ProcessBuilder(java, "-jar", jar.toString(), "config", "--markdown"));
    String hocon = runToEnd(new ProcessBuilder(java, "-jar", jar.toString(), "config"));
    ProcessBuilder effective =
        new ProcessBuilder(java, "-jar", jar.toString(), "config", "--effective");
    effective.environment().put("CITYPULSE_WEATHER_API_KEY", "secret-key-123");
    effective.environment().put("CITYPULSE_STORAGE_POSTGRES_PASSWORD", "db-password-456");
    String effectiveText = runToEnd(effective);

    assertThat(markdown).contains("| `weather.source` |").contains("| `gbfs.url` |");
    assertThat(hocon).contains("weather").contains("locations = \"brief\"");
    assertThat(effectiveText)
        .contains("weather.api-key = \"****\"")
        .doesNotContain("secret-key-123");
    assertThat(effectiveText).contains("password = \"****\"").doesNotContain("db-password-456");
  }

  private static String awaitLine(Path log, String prefix) {
    AtomicReference<String> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .pollInSameThread()
        .untilAsserted(() -> {
          java.util.Optional<String> line =
              read(log).lines().filter(l -> l.startsWith(prefix)).findFirst();
          assertThat(line)
              .as(() -> "no line starting with '" + prefix + "' in:\n" + read(log))
              .isPresent();
          found.set(line.get());
        });
    return found.get();
  }

  private String runToEnd(ProcessBuilder command) throws Exception {
    Path out = stateDir.resolve("out-" + System.nanoTime() + ".txt");
    Process process =
        command.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(read(out)).isZero();
    return read(out);
  }

  private static PostcodeAvailability awaitFirstAggregate(
      String bootstrap, Process process, Path log) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Instant deadline = Instant.now().plus(FIRST_AGGREGATE_WITHIN);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      // The demo starts its own broker: ask for the output topic until it is there. A demo that
      // exits fails the wait at once.
      await("the demo's output topic")
          .atMost(FIRST_AGGREGATE_WITHIN)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(500))
          .pollInSameThread()
          .until(() -> {
            assertThat(process.isAlive())
                .as("demo exited early; log:%n%s", read(log))
                .isTrue();
            try {
              var partitions =
                  consumer.partitionsFor("velib-projet-final-data", Duration.ofSeconds(2));
              return partitions != null && !partitions.isEmpty();
            } catch (Exception brokerNotUpYet) {
              return false;
            }
          });
      consumer.assign(List.of(new TopicPartition("velib-projet-final-data", 0)));
      consumer.seekToBeginning(consumer.assignment());
      while (Instant.now().isBefore(deadline)) {
        assertThat(process.isAlive())
            .as("demo exited early; log:%n%s", read(log))
            .isTrue();
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          PostcodeAvailability aggregate = Json.read(record.value(), PostcodeAvailability.class);
          assertThat(record.key()).isEqualTo(aggregate.postcode());
          return aggregate;
        }
      }
    }
    throw new AssertionError(
        "no aggregate within " + FIRST_AGGREGATE_WITHIN + "; log:\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }
}
