package io.citypulse.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.files.ColumnMapping;
import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordReader;
import io.citypulse.files.Row;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowPipelineTest {
  private final List<String> warnings = new ArrayList<>();

  private List<RowPipeline.Outcome> run(RowPipeline pipeline, String csv) {
    List<RowPipeline.Outcome> outcomes = new ArrayList<>();
    try (RecordReader reader = RecordReader.open(
        FileFormat.CSV, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        outcomes.add(pipeline.process(row));
      }
    }
    return outcomes;
  }

  @Test
  void aValidWeatherRowIsPublishedUnderSourceAndLocationWithTheDefaultSource() {
    RowPipeline pipeline =
        new RowPipeline(ImportKind.WEATHER, ColumnMapping.identity(), "import", warnings::add);

    List<RowPipeline.Outcome> outcomes = run(pipeline, """
        location,observed_at,temperature_c,humidity_pct,visibility
        dakar,2026-12-01T10:00:00Z,27.5,60,10000
        """);

    assertThat(outcomes).singleElement().isInstanceOf(RowPipeline.Outcome.Publish.class);
    var publish = (RowPipeline.Outcome.Publish) outcomes.get(0);
    assertThat(publish.key()).isEqualTo("import:dakar");
    WeatherObservation observation = Json.read(publish.value(), WeatherObservation.class);
    assertThat(observation.temperatureC()).isEqualTo(27.5);
    assertThat(observation.observedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(observation.source()).isEqualTo("import");
    assertThat(warnings).singleElement().asString().contains("visibility");
  }

  @Test
  void theBuiltInTomorrowIoMappingRenamesItsColumns() {
    RowPipeline pipeline = new RowPipeline(
        ImportKind.WEATHER, ColumnMapping.builtIn("tomorrow.io"), "tomorrow.io", warnings::add);

    var outcome = run(pipeline, """
        location,time,temperature,humidity,pressureSeaLevel
        thies,2026-12-01T10:00:00Z,30.1,40,1012
        """).get(0);

    var observation =
        Json.read(((RowPipeline.Outcome.Publish) outcome).value(), WeatherObservation.class);
    assertThat(observation.temperatureC()).isEqualTo(30.1);
    assertThat(observation.pressureHpa()).isEqualTo(1012.0);
    assertThat(observation.key()).isEqualTo("tomorrow.io:thies");
  }

  @Test
  void badRowsAreRejectedWithAShortReasonAndTheWholeDetail() {
    RowPipeline pipeline =
        new RowPipeline(ImportKind.WEATHER, ColumnMapping.identity(), "import", warnings::add);

    List<RowPipeline.Outcome> outcomes = run(pipeline, """
        location,observed_at,temperature_c,humidity_pct
        dakar,2026-12-01T10:00:00Z,abc,60
        ,2026-12-01T10:00:00Z,20,60
        dakar,2026-12-01T11:00:00Z,75,60
        dakar,2026-12-01T12:00:00Z,20,
        """);

    assertThat(outcomes).allMatch(o -> o instanceof RowPipeline.Outcome.Reject);
    assertThat(outcomes.stream().map(o -> ((RowPipeline.Outcome.Reject) o).reason()))
        .containsExactly(
            "bad value of temperature_c",
            "missing column location",
            "temperature_c out of range",
            "missing humidity");
    var first = (RowPipeline.Outcome.Reject) outcomes.get(0);
    assertThat(first.detail()).isEqualTo("temperature_c: 'abc' is not a number");
    assertThat(new String(first.payload(), StandardCharsets.UTF_8))
        .contains("\"temperature_c\":\"abc\"");
  }

  @Test
  void aRowWithTheKeyAndTimeOfAnEarlierRowIsADuplicate() {
    RowPipeline pipeline =
        new RowPipeline(ImportKind.WEATHER, ColumnMapping.identity(), "import", warnings::add);

    List<RowPipeline.Outcome> outcomes = run(pipeline, """
        location,observed_at,temperature_c,humidity_pct,source
        dakar,2026-12-01T10:00:00Z,20,60,
        dakar,2026-12-01T10:00:00Z,21,61,
        dakar,2026-12-01T10:00:00Z,21,61,owm
        dakar,2026-12-01T11:00:00Z,21,61,
        """);

    assertThat(outcomes)
        .extracting(o -> o.getClass().getSimpleName())
        .containsExactly("Publish", "Duplicate", "Publish", "Publish");
  }

  @Test
  void stationRowsBecomeStationRecordsKeyedBySystemAndCode() {
    RowPipeline pipeline =
        new RowPipeline(ImportKind.STATIONS, ColumnMapping.identity(), "import", warnings::add);

    List<RowPipeline.Outcome> outcomes = run(pipeline, """
        system,station_code,bikes_available,is_installed,is_renting,is_returning,last_reported
        velib,16107,4,true,1,yes,2026-12-01T10:00:00Z
        velib,16107,5,true,1,yes,2026-12-01T10:00:00Z
        velib,16108,x,true,1,yes,2026-12-01T10:00:00Z
        """);

    var publish = (RowPipeline.Outcome.Publish) outcomes.get(0);
    assertThat(publish.key()).isEqualTo("velib:16107");
    assertThat(Json.read(publish.value(), StationRecord.class).bikesAvailable()).isEqualTo(4);
    assertThat(outcomes.get(1)).isInstanceOf(RowPipeline.Outcome.Duplicate.class);
    assertThat(((RowPipeline.Outcome.Reject) outcomes.get(2)).reason())
        .isEqualTo("bad value of bikes_available");
  }

  @Test
  void anUnreadableRowIsRejectedAsSuch() {
    RowPipeline pipeline =
        new RowPipeline(ImportKind.WEATHER, ColumnMapping.identity(), "import", warnings::add);
    List<RowPipeline.Outcome> outcomes = new ArrayList<>();
    try (RecordReader reader = RecordReader.open(
        FileFormat.JSONL,
        new ByteArrayInputStream(
            "{\"location\":\"a\"\nnot json\n".getBytes(StandardCharsets.UTF_8)))) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        outcomes.add(pipeline.process(row));
      }
    }
    assertThat(outcomes)
        .allSatisfy(o -> assertThat(((RowPipeline.Outcome.Reject) o).reason())
            .isEqualTo(RowPipeline.UNREADABLE));
  }

  @Test
  void aMappingToAnUnknownFieldIsRefused() {
    ColumnMapping mapping = ColumnMapping.of("m", Map.of("temp", "temperature"));
    assertThatThrownBy(() -> new RowPipeline(ImportKind.WEATHER, mapping, "import", warnings::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temperature");
  }

  @Test
  void theDedupeSetKeepsEveryPairThroughGrowth() {
    RowPipeline.KeyTimeSet set = new RowPipeline.KeyTimeSet();
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    for (int i = 0; i < 100_000; i++) {
      assertThat(set.add("generator:city" + (i % 100), t.plusSeconds(i / 100))).isTrue();
    }
    for (int i = 0; i < 100_000; i += 997) {
      assertThat(set.add("generator:city" + (i % 100), t.plusSeconds(i / 100))).isFalse();
    }
    assertThat(set.add("generator:city1", null)).isTrue();
    assertThat(set.add("generator:city1", null)).isFalse();
  }

  @Test
  void theSummaryCountsEachOutcomeAndShowsTheFirstRejectionsWithTheirRows() {
    ImportStats stats = new ImportStats();
    stats.count("line 2", new RowPipeline.Outcome.Publish("k", new byte[0]));
    stats.count("line 3", new RowPipeline.Outcome.Duplicate("k"));
    for (int i = 4; i < 12; i++) {
      stats.count(
          "line " + i,
          new RowPipeline.Outcome.Reject(
              i % 2 == 0 ? "missing humidity" : "bad value of lat", "detail " + i, new byte[0]));
    }

    assertThat(stats.summary())
        .startsWith(
            "read 10, published 1, rejected 8, duplicates 1",
            "  rejected 4: bad value of lat",
            "  rejected 4: missing humidity",
            "  first 5 rejected rows (all on the dead-letter topic):",
            "    line 4: detail 4")
        .hasSize(9);
  }
}
