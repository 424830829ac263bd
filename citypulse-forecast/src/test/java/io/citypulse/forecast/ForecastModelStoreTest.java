package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastModelStoreTest {
  @TempDir
  Path stateDir;

  private final StateLog log = Fixture.log();
  private final TimeSplit split = TimeSplit.of(log, 0.5, Duration.ofHours(6));
  private final ForecastModel model = ForecastModelTest.model(
      ForecastModelTest.profiles(log, split, Fixture.options().slots()),
      new ForecastModel.ChangeRule(0.8, 0.25, false));

  static ModelMetadata metadata(String id) {
    ModelMetadata.HorizonMetrics m =
        new ModelMetadata.HorizonMetrics("6h", 10, 1.5, 2, 1.6, 2.1, 0.1, 0.2, 0.05, 0.06);
    return new ModelMetadata(
        id,
        Instant.parse("2024-01-03T00:00:00Z"),
        Instant.parse("2024-01-01T00:00:00Z"),
        Instant.parse("2024-01-02T00:00:00Z"),
        29,
        List.of("6h", "12h"),
        FeatureBuilder.NAMES,
        "hand-made trees",
        List.of(m),
        List.of(),
        1.25,
        Map.of("java", "17"));
  }

  @Test
  void aSavedModelLoadsBackAndScoresTheSame() {
    Path dir = ForecastModelStore.save(model, metadata("m1"), stateDir);

    assertThat(dir).isEqualTo(stateDir.resolve("forecast/models/m1"));
    assertThat(dir.resolve("model.json")).isRegularFile();
    ForecastModelStore.Loaded loaded = ForecastModelStore.latest(stateDir).orElseThrow();
    assertThat(loaded.id()).isEqualTo("m1");
    assertThat(loaded.metadata()).isEqualTo(metadata("m1"));
    assertThat(loaded.model().horizons()).isEqualTo(model.horizons());
    assertThat(loaded.model().models()).isEqualTo(model.models());
    assertThat(loaded.model().profiles()).isEqualTo(model.profiles());
    int compared = 0;
    for (StateLog.Station station : log.stations().values()) {
      for (long t = station.firstTime(); t <= log.end(); t += 1800) {
        assertThat(loaded.model().forecast(station, t)).isEqualTo(model.forecast(station, t));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(150);
  }

  @Test
  void latestFollowsTheLastSave() {
    assertThat(ForecastModelStore.latestId(stateDir)).isEmpty();
    assertThat(ForecastModelStore.latest(stateDir)).isEmpty();

    ForecastModelStore.save(model, metadata("m1"), stateDir);
    ForecastModelStore.save(model, metadata("m2"), stateDir);

    assertThat(ForecastModelStore.latestId(stateDir)).contains("m2");
    assertThat(ForecastModelStore.load(stateDir, "m1").metadata().id()).isEqualTo("m1");
    assertThat(ForecastModelStore.modelsDir(stateDir)).isDirectoryNotContaining("glob:**/.tmp-*");
    assertThatThrownBy(() -> ForecastModelStore.save(model, metadata("m2"), stateDir))
        .isInstanceOf(ForecastModelException.class)
        .hasMessageContaining("m2");
    assertThatThrownBy(() -> ForecastModelStore.save(model, metadata("../x"), stateDir))
        .hasMessageContaining("../x");
  }

  @Test
  void newIdsSortByTime() {
    assertThat(ForecastModelStore.newId(Instant.parse("2026-04-12T10:15:00Z")))
        .isEqualTo("20260412T101500Z")
        .isLessThan(ForecastModelStore.newId(Instant.parse("2026-04-12T10:15:01Z")));
  }

  @Test
  void aCorruptOrPartialModelNamesItsFile() throws Exception {
    Path dir = ForecastModelStore.save(model, metadata("m1"), stateDir);
    Path modelFile = dir.resolve("model.json");
    String json = Files.readString(modelFile);

    Files.writeString(modelFile, json.substring(0, json.length() / 2));
    assertThatThrownBy(() -> ForecastModelStore.latest(stateDir))
        .isInstanceOf(ForecastModelException.class)
        .hasMessageContaining(modelFile.toString());

    // a tree whose arrays disagree: the record checks refuse it
    Files.writeString(modelFile, json.replaceFirst("\"value\":\\[", "\"value\":[1,"));
    assertThatThrownBy(() -> ForecastModelStore.latest(stateDir))
        .isInstanceOf(ForecastModelException.class)
        .hasMessageContaining(modelFile.toString());

    Files.writeString(modelFile, json.replace("\"format\":1", "\"format\":99"));
    assertThatThrownBy(() -> ForecastModelStore.latest(stateDir))
        .hasMessageContaining(modelFile.toString())
        .hasMessageContaining("format 99");

    Files.writeString(modelFile, json);
    Files.delete(dir.resolve("metadata.json"));
    assertThatThrownBy(() -> ForecastModelStore.latest(stateDir))
        .isInstanceOf(ForecastModelException.class)
        .hasMessageContaining(dir.resolve("metadata.json").toString())
        .hasMessageContaining("missing");
  }
}
