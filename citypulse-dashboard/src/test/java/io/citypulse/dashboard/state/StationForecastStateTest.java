package io.citypulse.dashboard.state;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.station;
import static io.citypulse.dashboard.state.ForecastFixtures.forecast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.model.StationForecastRecord;
import io.citypulse.testkit.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class StationForecastStateTest {

  private final MutableClock clock = new MutableClock(T0.plusSeconds(90));
  private final DashboardState state = new DashboardState(clock);

  @Test
  void aForecastOfAHeldStationIsInItsViewAndChangesIt() {
    state.apply(station("1", 3, 2, 15, 20, T0));

    assertThat(state.apply(forecast("1", T0, "m1", 0.074)))
        .contains(new Change(Kind.STATION, "velib:1"));

    StationForecastView view = state.station("velib:1").orElseThrow().forecast();
    assertThat(view.model()).isEqualTo("m1");
    assertThat(view.time()).isEqualTo(T0);
    assertThat(view.ageSeconds()).isEqualTo(90);
    assertThat(view.behindStation()).isFalse();
    assertThat(view.horizons())
        .extracting(StationForecastRecord.Horizon::minutes)
        .containsExactly(15, 30, 60);
    assertThat(state.view(new Change(Kind.STATION, "velib:1")).orElseThrow())
        .isInstanceOfSatisfying(StationView.class, v -> assertThat(v.forecast()).isEqualTo(view));
    assertThat(state.stations())
        .singleElement()
        .satisfies(v -> assertThat(v.forecast()).isEqualTo(view));
  }

  @Test
  void aNewerForecastReplacesTheHeldOneAndAnOlderOneIsIgnored() {
    state.apply(station("1", 3, 2, 15, 20, T0));
    state.apply(forecast("1", T0, "m1", 0.074));

    assertThat(state.apply(forecast("1", T0.plusSeconds(60), "m2", 0.2))).isPresent();
    assertThat(state.apply(forecast("1", T0.plusSeconds(30), "m1", 0.9))).isEmpty();

    StationForecastView view = state.station("velib:1").orElseThrow().forecast();
    assertThat(view.model()).isEqualTo("m2");
    assertThat(view.horizons().get(1).probabilityEmpty()).isEqualTo(0.2);
    assertThat(state.stats().get("forecast"))
        .isEqualTo(new KindStats(1, 2, 1, 0, T0.plusSeconds(60)));
  }

  @Test
  void aForecastOfAnUnknownStationIsKeptUntilTheStationArrives() {
    assertThat(state.apply(forecast("7", T0, "m1", 0.074))).isEmpty();
    assertThat(state.station("velib:7")).isEmpty();

    state.apply(station("7", 3, 2, 15, 20, T0));

    assertThat(state.station("velib:7").orElseThrow().forecast().model()).isEqualTo("m1");
    assertThat(state.stats().get("forecast").keys()).isEqualTo(1);
  }

  @Test
  void aForecastOlderThanAChangedStationIsShownButMarkedBehind() {
    state.apply(forecast("1", T0, "m1", 0.074)); // made from 5 bikes, 15 docks
    state.apply(station("1", 3, 2, 15, 20, T0.plusSeconds(60))); // same counts, later poll

    assertThat(state.station("velib:1").orElseThrow().forecast().behindStation())
        .isFalse();

    state.apply(station("1", 1, 0, 19, 20, T0.plusSeconds(120))); // 1 bike left since

    StationForecastView view = state.station("velib:1").orElseThrow().forecast();
    assertThat(view.behindStation()).isTrue();
    assertThat(view.model()).isEqualTo("m1");
  }

  @Test
  void aStationWithoutForecastHasNoForecastField() {
    state.apply(station("1", 3, 2, 15, 20, T0));

    assertThat(state.station("velib:1").orElseThrow().forecast()).isNull();
    assertThat(Json.writeString(state.station("velib:1").orElseThrow())).doesNotContain("forecast");
  }

  @Test
  void theViewJsonCarriesTheForecast() {
    state.apply(station("1", 3, 2, 15, 20, T0));
    state.apply(forecast("1", T0, "20261206T070000Z", 0.074));

    assertThat(Json.writeString(state.station("velib:1").orElseThrow())).endsWith("""
            "age_seconds":90,"forecast":{"model":"20261206T070000Z","time":"2026-11-24T10:00:00Z",\
            "age_seconds":90,"behind_station":false,"horizons":[\
            {"minutes":15,"bikes":4.2,"docks":15.8,"p_empty":0.031,"p_full":0.0},\
            {"minutes":30,"bikes":3.6,"docks":16.4,"p_empty":0.074,"p_full":0.0},\
            {"minutes":60,"bikes":2.9,"docks":17.1,"p_empty":0.152,"p_full":0.01}]}}""");
  }

  @Test
  void aForecastWithoutStationKeyIsRefused() {
    assertThatThrownBy(() -> state.apply(
            new StationForecastRecord("velib", " ", T0, T0, "m1", 20, 5, 15, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("station_code");
  }
}
