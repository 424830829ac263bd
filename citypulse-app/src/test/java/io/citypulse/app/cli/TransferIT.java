package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.transfer.ImportJob;
import io.citypulse.app.transfer.ImportKind;
import io.citypulse.app.transfer.Importer;
import io.citypulse.files.ColumnMapping;
import io.citypulse.files.FileFormat;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.WeatherGenerator;
import io.citypulse.sources.weather.WeatherLocations;
import io.citypulse.testkit.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** import, export and sample-weather against a real embedded broker. */
class TransferIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--quiet"));
    return CitypulseCommand.execute(
        all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Observations of four Senegalese cities over three hours, plus one with awkward text. */
  private static List<WeatherObservation> observations() {
    WeatherGenerator generator =
        new WeatherGenerator(42, Duration.ofHours(1), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    List<WeatherObservation> all = new ArrayList<>();
    Instant start = Instant.parse("2026-12-01T00:00:00Z");
    for (int hour = 0; hour < 3; hour++) {
      for (var location : WeatherLocations.preset("senegal").subList(0, 4)) {
        all.add(generator.observe(location, start.plusSeconds(3600L * hour)));
      }
    }
    all.add(new WeatherObservation(
        "saint-louis",
        "Saint-Louis, \"Ndar\"",
        "SN",
        16.0326,
        -16.4818,
        start,
        0,
        19.25,
        null,
        71.0,
        null,
        3.5,
        270.0,
        null,
        null,
        0.0,
        "500",
        "light rain, then\nsun",
        "scraper",
        start.plusSeconds(90)));
    return all;
  }

  @Test
  void whatExportWritesImportReadsBackUnchangedInEveryFormat() {
    String source = "rt-weather";
    KAFKA.createTopic(source);
    List<WeatherObservation> expected = observations();
    expected.forEach(o -> KAFKA.produce(source, o.key(), Json.writeString(o)));

    for (FileFormat format : FileFormat.values()) {
      Path file = dir.resolve("weather." + format.id());
      String target = "rt-weather-" + format.id();
      assertThat(run("export", "--topic", source, "--kind", "weather", "--out", file.toString()))
          .as("export %s: %s", format, err)
          .isZero();
      assertThat(run("import", file.toString(), "--topic", target))
          .as("import %s: %s", format, err)
          .isZero();

      List<ConsumerRecord<String, byte[]>> records = readCommitted(target, expected.size());
      assertThat(records.stream().map(r -> Json.read(r.value(), WeatherObservation.class)))
          .as(format.id())
          .containsExactlyElementsOf(expected);
      assertThat(records.stream().map(ConsumerRecord::key))
          .containsExactlyElementsOf(
              expected.stream().map(WeatherObservation::key).toList());
    }
    assertThat(out.toString())
        .contains("weather.xlsx: read 13, published 13, rejected 0, duplicates 0");
  }

  @Test
  void stationStatesGoRoundTooAndLatestKeepsOnePerKey() throws Exception {
    String source = "rt-stations";
    KAFKA.createTopic(source);
    Instant t = Instant.parse("2026-12-01T08:00:00Z");
    List<StationRecord> states = List.of(
        new StationRecord(
            "velib",
            "16107",
            "213688",
            "Benjamin Godard",
            48.86,
            2.27,
            35,
            "75016",
            "Paris",
            4,
            3,
            1,
            31,
            true,
            true,
            true,
            t,
            t.plusSeconds(5)),
        new StationRecord(
            "velib",
            "16107",
            "213688",
            "Benjamin Godard",
            48.86,
            2.27,
            35,
            "75016",
            "Paris",
            6,
            5,
            1,
            29,
            true,
            true,
            true,
            t.plusSeconds(60),
            t.plusSeconds(65)),
        new StationRecord(
            "velib", "32017", null, null, null, null, null, null, null, 0, null, null, null, false,
            false, true, null, null));
    states.forEach(s -> KAFKA.produce(source, s.key(), Json.writeString(s)));
    Path all = dir.resolve("stations.jsonl");
    Path latest = dir.resolve("latest.csv");

    assertThat(run("export", "--topic", source, "--kind", "stations", "--out", all.toString()))
        .isZero();
    assertThat(run(
            "export",
            "--topic",
            source,
            "--kind",
            "stations",
            "--latest",
            "--out",
            latest.toString()))
        .isZero();
    assertThat(run("import", all.toString(), "--kind", "stations", "--topic", "rt-stations-2"))
        .as(err.toString())
        .isZero();

    assertThat(readCommitted("rt-stations-2", states.size()).stream()
            .map(r -> Json.read(r.value(), StationRecord.class)))
        .containsExactlyElementsOf(states);
    assertThat(Files.readAllLines(latest)).hasSize(3).anyMatch(l -> l.contains(",6,5,1,29,"));
  }

  @Test
  void badRowsAreDeadLetteredWithFileRowAndReasonAndAFinishedFileIsSkipped() throws Exception {
    Path csv = Files.writeString(dir.resolve("bad.csv"), """
        location,observed_at,temperature_c,humidity_pct
        dakar,2026-12-01T10:00:00Z,27.5,60
        dakar,2026-12-01T10:00:00Z,27.5,60
        thies,2026-12-01T10:00:00Z,abc,60
        ,2026-12-01T10:00:00Z,20,60
        thies,2026-12-01T11:00:00Z,28,55
        """);

    int code = run("import", csv.toString(), "--topic", "bad-weather", "--source", "manual");

    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(out.toString())
        .contains("read 5, published 2, rejected 2, duplicates 1")
        .contains("rejected 1: bad value of temperature_c")
        .contains("rejected 1: missing column location")
        .contains("line 4: temperature_c: 'abc' is not a number");
    assertThat(readCommitted("bad-weather", 2))
        .extracting(ConsumerRecord::key)
        .containsExactly("manual:dakar", "manual:thies");
    List<ConsumerRecord<String, byte[]>> letters =
        readCommitted("citypulse-dead-letters", 2).stream()
            .filter(r -> csv.toString().equals(header(r, Importer.HEADER_FILE)))
            .toList();
    assertThat(letters)
        .extracting(r -> header(r, Importer.HEADER_ROW))
        .containsExactly("line 4", "line 5");
    assertThat(letters)
        .extracting(r -> header(r, "reason"))
        .containsExactly("bad value of temperature_c", "missing column location");
    assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).contains("abc");

    out.getBuffer().setLength(0);
    assertThat(run("import", csv.toString(), "--topic", "bad-weather")).isZero();
    assertThat(out.toString()).contains("already imported at").contains("--force");
    assertThat(run(
            "import", csv.toString(), "--topic", "bad-weather", "--source", "manual", "--force"))
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(readCommitted("bad-weather", 4)).hasSize(4);
  }

  @Test
  void theGeneratedSenegalDayInXlsxImportsAs336Records() {
    Path xlsx = dir.resolve("senegal.xlsx");
    assertThat(CitypulseCommand.execute(
            new String[] {
              "sample-weather",
              "--locations",
              "senegal",
              "--hours",
              "24",
              "--format",
              "xlsx",
              "--out",
              xlsx.toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true)))
        .isZero();

    assertThat(run("import", xlsx.toString(), "--topic", "senegal-weather")).isZero();

    List<ConsumerRecord<String, byte[]>> records = readCommitted("senegal-weather", 336);
    assertThat(records).hasSize(14 * 24);
    assertThat(records.stream().map(ConsumerRecord::key).distinct()).hasSize(14);
    assertThat(out.toString()).contains("read 336, published 336, rejected 0, duplicates 0");
  }

  /** Thrown by the hook: the import stops mid-transaction as if the process were killed. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash");
    }
  }

  @Test
  void aWatcherStoppedMidFileResumesAfterTheLastCommitAndPublishesEveryRowOnce() throws Exception {
    Path inbox = Files.createDirectory(dir.resolve("inbox"));
    Path staged = dir.resolve("day.csv");
    assertThat(CitypulseCommand.execute(
            new String[] {
              "sample-weather",
              "--locations",
              "senegal",
              "--hours",
              "18",
              "--out",
              staged.toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true)))
        .isZero();
    Files.move(staged, inbox.resolve("day.csv"));
    String topic = "watched-weather";
    KAFKA.createTopic(topic);
    KAFKA.createTopic("citypulse-dead-letters");
    KAFKA.createTopic("citypulse-import-ledger", 1, Map.of("cleanup.policy", "compact"));
    Importer.Topics topics =
        new Importer.Topics(topic, "citypulse-dead-letters", "citypulse-import-ledger");
    Importer.Batching batching = new Importer.Batching(100, Duration.ofHours(1));

    Importer crashing = new Importer(KAFKA.bootstrapServers(), topics, batching, Clock.systemUTC())
        .withHook((rowsRead, producer) -> {
          if (rowsRead == 150) {
            producer.flush(); // rows 101-150 reach the log, in a transaction never committed
            throw new Crash();
          }
        });
    assertThatThrownBy(() -> job(crashing).watch(inbox, Duration.ofMillis(100), () -> false))
        .isInstanceOf(Crash.class);
    assertThat(readCommitted(topic, 100)).hasSize(100);
    assertThat(read(topic, "read_uncommitted", 150)).hasSize(150);

    Importer restarted =
        new Importer(KAFKA.bootstrapServers(), topics, batching, Clock.systemUTC());
    CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> {
      try {
        return job(restarted)
            .watch(
                inbox, Duration.ofMillis(100), () -> out.toString().contains("resumed after row"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(watching.get(30, TimeUnit.SECONDS)).isZero();

    assertThat(out.toString())
        .contains("day.csv: read 252, published 252, rejected 0, duplicates 0")
        .contains("resumed after row 100 of an earlier run");
    List<WeatherObservation> published = readCommitted(topic, 252).stream()
        .map(r -> Json.read(r.value(), WeatherObservation.class))
        .toList();
    assertThat(published).hasSize(14 * 18).doesNotHaveDuplicates();
    assertThat(published.get(100).observedAt())
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofHours(100 / 14)));
  }

  private ImportJob job(Importer importer) {
    return new ImportJob(
        importer,
        ImportKind.WEATHER,
        ColumnMapping.identity(),
        "import",
        null,
        false,
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        true,
        false);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * The committed records of the topic, read again until there are at least {@code expected} (or
   * 15 s passed): commitTransaction() returns once the commit is decided, and the markers that make
   * the records visible to read_committed consumers reach the partitions a moment later.
   */
  private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected) {
    return read(topic, "read_committed", expected);
  }

  private static List<ConsumerRecord<String, byte[]>> read(
      String topic, String isolation, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<ConsumerRecord<String, byte[]>> records = read(topic, isolation);
    while (records.size() < expected && System.nanoTime() < deadline) {
      records = read(topic, isolation);
    }
    return records;
  }

  /** Every record of the topic up to its end now (the last stable offset in read_committed). */
  private static List<ConsumerRecord<String, byte[]>> read(String topic, String isolation) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }
}
