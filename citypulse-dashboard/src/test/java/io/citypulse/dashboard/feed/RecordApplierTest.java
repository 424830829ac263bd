package io.citypulse.dashboard.feed;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.postcode;
import static io.citypulse.dashboard.state.Fixtures.station;
import static io.citypulse.dashboard.state.Fixtures.weather;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Json;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordApplierTest {

  private final DashboardState state = new DashboardState(new MutableClock(T0));
  private final RecordApplier applier = new RecordApplier(state);

  @Test
  void appliesEachKindFromItsJson() {
    assertThat(applier.apply(Kind.STATION, Json.write(station("9", 1, 2, 3, 6, T0)), "t-0@0"))
        .contains(new Change(Kind.STATION, "velib:9"));
    assertThat(applier.apply(Kind.POSTCODE, Json.write(postcode("75011", 1, 2, T0)), "t-0@1"))
        .contains(new Change(Kind.POSTCODE, "75011"));
    assertThat(applier.apply(Kind.WEATHER, Json.write(weather("paris", 7.0, T0)), "t-0@2"))
        .contains(new Change(Kind.WEATHER, "open-meteo:paris"));

    assertThat(state.station("velib:9").orElseThrow().record().ebike()).isEqualTo(2);
    assertThat(state.weather("open-meteo:paris").orElseThrow().features().temperatureC())
        .isEqualTo(7.0);
  }

  @Test
  void anOlderRecordIsNoChange() {
    applier.apply(Kind.POSTCODE, Json.write(postcode("75011", 1, 2, T0.plusSeconds(1))), "t-0@0");

    assertThat(applier.apply(Kind.POSTCODE, Json.write(postcode("75011", 5, 5, T0)), "t-0@1"))
        .isEmpty();
    assertThat(state.stats().get("postcode").stale()).isEqualTo(1);
  }

  @Test
  void malformedKeylessAndNullValuesAreCountedAndLoggedWithTheirPlace() {
    try (LogCapture log = LogCapture.of(RecordApplier.class.getName())) {
      assertThat(applier.apply(
              Kind.STATION, "{not json".getBytes(StandardCharsets.UTF_8), "velib-projet-0@7"))
          .isEmpty();
      assertThat(applier.apply(
              Kind.POSTCODE, "{\"stations\":3}".getBytes(StandardCharsets.UTF_8), "p-0@8"))
          .isEmpty();
      assertThat(applier.apply(Kind.WEATHER, null, "w-0@9")).isEmpty();

      assertThat(log.text())
          .contains("unreadable station record at velib-projet-0@7: not a valid StationRecord")
          .contains("unreadable postcode record at p-0@8: record without postcode")
          .contains("unreadable weather record at w-0@9: null value (tombstone)");
    }
    assertThat(state.stats().values())
        .extracting(s -> s.unreadable())
        .containsExactly(1L, 1L, 1L, 0L);
    assertThat(state.stats().values()).extracting(s -> s.keys()).containsExactly(0, 0, 0, 0);
  }
}
