package io.citypulse.jobs.weather;

import static io.citypulse.jobs.weather.Observations.paris;
import static io.citypulse.jobs.weather.Observations.tokyo;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.model.Json;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's Dataset steps on static Datasets (the Kafka source's columns), without a broker. */
class WeatherFeaturesTransformsTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final StructType KAFKA_SCHEMA = new StructType()
      .add("key", DataTypes.BinaryType)
      .add("value", DataTypes.BinaryType)
      .add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("offset", DataTypes.LongType)
      .add("timestamp", DataTypes.TimestampType);
  private static final Instant PUBLISHED = Instant.parse("2025-07-15T12:05:00Z");

  @TempDir
  static Path workDir;

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.local("local[2]", 1, workDir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** A topic-weather partition, offsets from 0. */
  private static final class Topic {
    final List<Row> rows = new ArrayList<>();

    Topic add(String key, String value) {
      rows.add(RowFactory.create(
          key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          value == null ? null : value.getBytes(StandardCharsets.UTF_8),
          "topic-weather",
          0,
          (long) rows.size(),
          Timestamp.from(PUBLISHED)));
      return this;
    }

    Topic add(WeatherObservation o) {
      return add(o.key(), Json.writeString(o));
    }

    Dataset<Row> toDataset() {
      return spark.createDataFrame(rows, KAFKA_SCHEMA);
    }
  }

  private static String text(Row row, String column) {
    byte[] bytes = row.getAs(column);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(Row row) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Row header : row.<Row>getList(row.fieldIndex("headers"))) {
      headers.put(header.getString(0), new String((byte[]) header.get(1), StandardCharsets.UTF_8));
    }
    return headers;
  }

  @Test
  void parseKeepsValidRowsAndSaysWhyTheOthersAreNot() {
    Dataset<Row> parsed = WeatherFeaturesTransforms.parse(new Topic()
        .add(paris(0, 24.38, 1012.0))
        .add("paris", "{not json")
        .add("paris", null)
        .toDataset());

    List<Row> rows = parsed.collectAsList();
    assertThat(rows)
        .extracting(r -> r.<String>getAs("rejection"))
        .containsExactly(null, "malformed_json", "tombstone");
    assertThat(rows.get(0).<String>getAs("weather_key")).isEqualTo("openweathermap:paris");
    assertThat(rows.get(0).<Long>getAs("observed_at_us"))
        .isEqualTo(WeatherWindow.micros(Observations.T0));
    assertThat(rows.get(1).<Long>getAs("offset")).isEqualTo(1L);
  }

  @Test
  void deadLettersCarryTheRawValueAndTheReasonInHeaders() {
    Dataset<Row> parsed = WeatherFeaturesTransforms.parse(new Topic()
        .add(paris(0, 24.38, 1012.0))
        .add("paris", "{not json")
        .add(null, "{\"observed_at\":\"2025-07-15T12:00:00Z\"}")
        .toDataset());

    List<Row> letters = WeatherFeaturesTransforms.deadLetters(parsed, "dead").collectAsList();

    assertThat(letters).hasSize(2);
    Row malformed = letters.get(0);
    assertThat(malformed.<String>getAs("topic")).isEqualTo("dead");
    assertThat(text(malformed, "key")).isEqualTo("paris");
    assertThat(text(malformed, "value")).isEqualTo("{not json");
    Map<String, String> headers = headers(malformed);
    assertThat(headers)
        .containsEntry("reason", "malformed_json")
        .containsEntry("source", "topic-weather/0@1")
        .containsEntry("timestamp", "2025-07-15T12:05:00Z")
        .containsKey("detail");
    assertThat(headers.get("detail")).isNotBlank();
    assertThat(headers(letters.get(1))).containsEntry("reason", "missing_location");
    assertThat(text(letters.get(1), "key")).isNull();
  }

  @Test
  void featuresOfAStaticDatasetAreTheRecordsOfOneBatch() {
    Dataset<Row> parsed = WeatherFeaturesTransforms.parse(new Topic()
        .add(paris(0, 20.0, 1010.0))
        .add(tokyo(0, 27.0, 1005.0))
        .add(paris(30, 21.5, 1009.0))
        .add(paris(0, 20.0, 1010.0))
        .add("tokyo", "garbage")
        .toDataset());

    List<Row> records =
        WeatherFeaturesTransforms.features(parsed, "out", HOUR, HOUR).collectAsList();

    assertThat(records).extracting(r -> r.<String>getAs("topic")).containsOnly("out");
    assertThat(records)
        .allSatisfy(r -> assertThat(r.isNullAt(r.fieldIndex("headers"))).isTrue());
    Map<String, WeatherFeatures> byKey = new LinkedHashMap<>();
    for (Row r : records) {
      WeatherFeatures f = Json.read(text(r, "value"), WeatherFeatures.class);
      assertThat(text(r, "key")).isEqualTo(f.key()).isEqualTo(f.source() + ":" + f.location());
      byKey.put(f.location() + "@" + f.observedAt(), f);
    }
    assertThat(byKey)
        .containsOnlyKeys(
            "paris@2025-07-15T12:00:00Z",
            "paris@2025-07-15T12:30:00Z",
            "tokyo@2025-07-15T12:00:00Z");
    WeatherFeatures paris30 = byKey.get("paris@2025-07-15T12:30:00Z");
    assertThat(paris30.temperatureChange1h()).isEqualTo(1.5);
    assertThat(paris30.pressureChange1h()).isEqualTo(-1.0);
    assertThat(paris30.observations1h()).isEqualTo(2);
    assertThat(byKey.get("tokyo@2025-07-15T12:00:00Z").timeOfDay()).isEqualTo("evening");
  }

  @Test
  void twoSourcesOfOneLocationKeepTwoTrends() {
    WeatherObservation api = paris(30, 21.5, 1009.0);
    WeatherObservation scraped = withSource(paris(30, 25.0, 1002.0), "scraper");
    Dataset<Row> parsed = WeatherFeaturesTransforms.parse(
        new Topic().add(paris(0, 20.0, 1010.0)).add(api).add(scraped).toDataset());

    Map<String, WeatherFeatures> byKey = new LinkedHashMap<>();
    for (Row r : WeatherFeaturesTransforms.features(parsed, "out", HOUR, HOUR).collectAsList()) {
      WeatherFeatures f = Json.read(text(r, "value"), WeatherFeatures.class);
      byKey.put(text(r, "key") + "@" + f.observedAt(), f);
    }

    assertThat(byKey)
        .containsOnlyKeys(
            "openweathermap:paris@2025-07-15T12:00:00Z",
            "openweathermap:paris@2025-07-15T12:30:00Z",
            "scraper:paris@2025-07-15T12:30:00Z");
    // The API's trend spans its own two observations; the scraper's first one has no trend yet
    // (mixed, it would read +5 °C in 30 minutes from one source to the other).
    assertThat(byKey.get("openweathermap:paris@2025-07-15T12:30:00Z").temperatureChange1h())
        .isEqualTo(1.5);
    WeatherFeatures scraper = byKey.get("scraper:paris@2025-07-15T12:30:00Z");
    assertThat(scraper.observations1h()).isEqualTo(1);
    assertThat(scraper.source()).isEqualTo("scraper");
  }

  private static WeatherObservation withSource(WeatherObservation o, String source) {
    return new WeatherObservation(
        o.location(),
        o.city(),
        o.country(),
        o.lat(),
        o.lon(),
        o.observedAt(),
        o.utcOffsetSeconds(),
        o.temperatureC(),
        o.feelsLikeC(),
        o.humidityPct(),
        o.pressureHpa(),
        o.windSpeedMs(),
        o.windDirectionDeg(),
        o.windGustMs(),
        o.cloudsPct(),
        o.precipitationMm(),
        o.weatherCode(),
        o.weatherDescription(),
        source,
        o.fetchedAt());
  }

  @Test
  void kafkaRecordsHoldFeaturesAndDeadLettersInOneDataset() {
    List<Row> records = WeatherFeaturesTransforms.kafkaRecords(
            new Topic().add(paris(0, 20.0, 1010.0)).add("paris", "[]").toDataset(),
            "out",
            "dead",
            HOUR,
            HOUR)
        .collectAsList();

    assertThat(records)
        .extracting(r -> r.<String>getAs("topic"))
        .containsExactlyInAnyOrder("out", "dead");
    assertThat(records.get(0).schema().fieldNames())
        .containsExactly("topic", "key", "value", "headers");
  }
}
