package io.citypulse.dashboard.state;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.postcode;
import static io.citypulse.dashboard.state.Fixtures.station;
import static io.citypulse.dashboard.state.Fixtures.untypedPostcode;
import static io.citypulse.dashboard.state.Fixtures.weather;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

  private final MutableClock clock = new MutableClock(T0.plusSeconds(60));
  private final DashboardState state = new DashboardState(clock, 3);

  @Test
  void keepsTheLatestStationPerSystemAndCodeWithFillAndAge() {
    assertThat(state.apply(station("16107", 3, 2, 15, 20, T0)))
        .contains(new Change(Kind.STATION, "velib:16107"));
    state.apply(station("16107", 1, 1, 18, 20, T0.plusSeconds(30)));
    state.apply(station("42", 0, 0, 12, 12, T0));

    List<StationView> views = state.stations();

    assertThat(views).extracting(StationView::key).containsExactly("velib:16107", "velib:42");
    StationView first = views.get(0);
    assertThat(first.record().bikesAvailable()).isEqualTo(2);
    assertThat(first.fillRatio()).isEqualTo(0.1);
    assertThat(first.empty()).isFalse();
    assertThat(first.full()).isFalse();
    assertThat(first.ageSeconds()).isEqualTo(30);
    assertThat(views.get(1).empty()).isTrue();
    assertThat(views.get(1).fillRatio()).isEqualTo(0.0);
  }

  @Test
  void fullMeansNoDockAndFillIsClampedOrEstimatedWithoutCapacity() {
    state.apply(station("full", 20, 5, 0, 20, T0));
    state.apply(station("nocap", 3, 0, 9, null, T0));
    state.apply(station("unknown", 3, 0, null, null, T0));

    assertThat(state.station("velib:full").orElseThrow())
        .satisfies(v -> assertThat(v.full()).isTrue())
        .satisfies(v -> assertThat(v.fillRatio()).isEqualTo(1.0));
    assertThat(state.station("velib:nocap").orElseThrow().fillRatio()).isEqualTo(0.25);
    assertThat(state.station("velib:unknown").orElseThrow())
        .satisfies(v -> assertThat(v.fillRatio()).isNull())
        .satisfies(v -> assertThat(v.full()).isFalse());
  }

  @Test
  void anOlderRecordIsIgnoredAndCountedAnEqualOneReplaces() {
    state.apply(station("1", 5, 0, 5, 10, T0.plusSeconds(10)));

    assertThat(state.apply(station("1", 9, 0, 1, 10, T0))).isEmpty();
    assertThat(state.station("velib:1").orElseThrow().record().mechanical()).isEqualTo(5);
    assertThat(state.apply(station("1", 4, 0, 6, 10, T0.plusSeconds(10)))).isPresent();
    assertThat(state.station("velib:1").orElseThrow().record().mechanical()).isEqualTo(4);

    assertThat(state.stats().get("station"))
        .isEqualTo(new KindStats(1, 2, 1, 0, T0.plusSeconds(10)));
  }

  @Test
  void mapViewsAndSystemTotalsFollowTheKeptStatesOnly() {
    state.apply(station("1", 5, 0, 5, 10, T0.plusSeconds(10)));
    state.apply(station("1", 1, 0, 9, 10, T0)); // older: ignored, in the views too
    state.apply(station("2", 0, 2, 8, 10, T0));
    io.citypulse.dashboard.view.Viewport paris =
        new io.citypulse.dashboard.view.Viewport(2.2, 48.8, 2.5, 48.9, 12, null);

    StationsInView view = state.stationsInView(paris);

    assertThat(view.mode()).isEqualTo(StationsInView.STATIONS);
    assertThat(view.stations()).extracting(StationView::key).containsExactly("velib:1", "velib:2");
    assertThat(view.stations().get(0).record().bikesAvailable()).isEqualTo(5);
    SystemsView systems = state.systems();
    assertThat(systems.all().stations()).isEqualTo(2);
    assertThat(systems.all().bikesAvailable()).isEqualTo(7);
    assertThat(systems.all().empty()).isEqualTo(0);
    assertThat(systems.systems()).singleElement().satisfies(velib -> {
      assertThat(velib.system()).isEqualTo("velib");
      assertThat(velib.mechanical()).isEqualTo(5);
      assertThat(velib.ebike()).isEqualTo(2);
      assertThat(velib.docksAvailable()).isEqualTo(13);
    });
    assertThat(state.systemsWithoutBounds(List.of("velib")).systems().get(0).bbox())
        .isNull();
    assertThat(state.snapshot(false).stations()).isEmpty();
    assertThat(state.snapshot().stations()).hasSize(2);
  }

  @Test
  void aRecordWithoutTimeIsAppliedBecauseItCannotBeOrdered() {
    state.apply(station("1", 5, 0, 5, 10, T0));

    assertThat(state.apply(station("1", 1, 0, 9, 10, null))).isPresent();
    assertThat(state.station("velib:1").orElseThrow().ageSeconds()).isNull();
  }

  @Test
  void postcodesAreSortedAndKeepABoundedSeriesOneStatePerInstant() {
    state.apply(postcode("75002", 1, 1, T0));
    state.apply(postcode("75001", 1, 0, T0));
    state.apply(postcode("75001", 2, 0, T0.plusSeconds(60)));
    state.apply(postcode("75001", 3, 0, T0.plusSeconds(60))); // same instant: replaces the point
    state.apply(postcode("75001", 4, 0, T0.plusSeconds(120)));
    state.apply(postcode("75001", 5, 0, T0.plusSeconds(180))); // 4th distinct point: oldest dropped
    state.apply(postcode("75001", 9, 0, T0.plusSeconds(30))); // older than held: no point

    assertThat(state.postcodes())
        .extracting(v -> v.availability().postcode())
        .containsExactly("75001", "75002");
    assertThat(state.postcodeSeries("75001"))
        .extracting(PostcodePoint::mechanical)
        .containsExactly(3L, 4L, 5L);
    assertThat(state.postcodeSeries("75001"))
        .extracting(PostcodePoint::at)
        .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
    assertThat(state.postcode("75001").orElseThrow().ageSeconds()).isEqualTo(-120);
    assertThat(state.stats().get("postcode").stale()).isEqualTo(1);
  }

  @Test
  void twoSystemsAreasOfOneNameAreKeptApartUnderTheirTopicKeys() {
    state.apply(new PostcodeAvailability("UNKNOWN", null, 1, 7, null, null, 2, 9, T0, 7L, "a"));
    state.apply(new PostcodeAvailability("UNKNOWN", null, 1, 8, null, null, 2, 10, T0, 8L, "b"));
    state.apply(untypedPostcode("UNKNOWN", 3, T0));

    assertThat(state.postcodes())
        .extracting(v -> v.availability().key() + "=" + v.availability().bikesAvailable())
        .containsExactlyInAnyOrder("a:UNKNOWN=7", "b:UNKNOWN=8", "UNKNOWN=3");
    assertThat(state.postcode("b:UNKNOWN").orElseThrow().availability().system())
        .isEqualTo("b");
    // Tens of thousands of areas in a catalogue-wide run: their latest state only, no series.
    assertThat(state.postcodeSeries("a:UNKNOWN")).isEmpty();
    assertThat(state.postcodeSeries("UNKNOWN"))
        .extracting(PostcodePoint::bikesAvailable)
        .containsExactly(3L);
    assertThat(state.postcodes("b"))
        .extracting(v -> v.availability().key())
        .containsExactly("b:UNKNOWN");
    assertThat(state.snapshot(false).postcodes())
        .extracting(v -> v.availability().key())
        .containsExactly("UNKNOWN");
  }

  @Test
  void anUnknownSplitStaysNullInTheViewAndTheSeries() {
    state.apply(Fixtures.untypedPostcode("10001", 40, T0));
    state.apply(postcode("10001", 3, 1, T0.plusSeconds(60)));

    assertThat(state.postcodeSeries("10001"))
        .extracting(PostcodePoint::mechanical)
        .containsExactly(null, 3L);
    assertThat(state.postcodeSeries("10001"))
        .extracting(PostcodePoint::ebike)
        .containsExactly(null, 1L);
    state.apply(Fixtures.untypedPostcode("10001", 41, T0.plusSeconds(120)));
    PostcodeAvailability held = state.postcode("10001").orElseThrow().availability();
    assertThat(held.mechanical()).isNull();
    assertThat(held.ebike()).isNull();
    assertThat(held.untypedBikes()).isEqualTo(41);
  }

  @Test
  void weatherKeepsLatestPerLocationAndASeries() {
    state.apply(weather("paris", 8.5, T0));
    state.apply(weather("paris", 9.5, T0.plusSeconds(600)));
    state.apply(weather("lyon", 12.0, T0));
    clock.advance(Duration.ofMinutes(20));

    assertThat(state.weather())
        .extracting(v -> v.features().location())
        .containsExactly("lyon", "paris");
    assertThat(state.weather("open-meteo:paris").orElseThrow().ageSeconds())
        .isEqualTo(60 + 1200 - 600);
    assertThat(state.weatherSeries("open-meteo:paris"))
        .extracting(WeatherPoint::temperatureC)
        .containsExactly(8.5, 9.5);
    assertThat(state.weatherSeries("open-meteo:nowhere")).isEmpty();
  }

  @Test
  void twoSourcesOfOneLocationStayApart() {
    WeatherFeatures api = weather("dakar", 27.0, T0);
    WeatherFeatures scraped = withSource(weather("dakar", 29.0, T0.plusSeconds(60)), "scraper");
    state.apply(api);
    state.apply(scraped);

    assertThat(state.weather())
        .extracting(WeatherView::key)
        .containsExactlyInAnyOrder("open-meteo:dakar", "scraper:dakar");
    assertThat(state.weather("open-meteo:dakar").orElseThrow().features().temperatureC())
        .isEqualTo(27.0);
    assertThat(state.weatherSeries("scraper:dakar"))
        .extracting(WeatherPoint::temperatureC)
        .containsExactly(29.0);
  }

  private static WeatherFeatures withSource(WeatherFeatures f, String source) {
    return new WeatherFeatures(
        f.location(),
        f.city(),
        f.country(),
        f.lat(),
        f.lon(),
        f.observedAt(),
        f.localTime(),
        f.utcOffsetSeconds(),
        f.timeOfDay(),
        source,
        f.temperatureC(),
        f.feelsLikeC(),
        f.humidityPct(),
        f.pressureHpa(),
        f.windSpeedMs(),
        f.windDirectionDeg(),
        f.windGustMs(),
        f.cloudsPct(),
        f.precipitationMm(),
        f.weatherCode(),
        f.weatherDescription(),
        f.heatIndex(),
        f.severityIndex(),
        f.dewPointC(),
        f.humidexCategory(),
        f.windChillC(),
        f.beaufort(),
        f.temperatureChange1h(),
        f.pressureChange1h(),
        f.observations1h());
  }

  @Test
  void recordsWithoutKeyAreRefusedAndUnreadablesCounted() {
    assertThatThrownBy(
            () -> state.apply(new PostcodeAvailability(null, null, 0, 0, 0L, 0L, 0, 0, T0, 0L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postcode");
    state.countUnreadable(Kind.WEATHER);
    state.countUnreadable(Kind.WEATHER);

    assertThat(state.stats().get("weather")).isEqualTo(new KindStats(0, 0, 0, 2, null));
    assertThat(state.stats().keySet())
        .containsExactly("station", "postcode", "weather", "forecast");
  }

  @Test
  void viewsSerialiseFlatWithTheModelsFieldNames() {
    state.apply(postcode("75001", 2, 1, T0));

    assertThat(Json.writeString(state.postcode("75001").orElseThrow())).isEqualTo("""
        {"postcode":"75001","commune":"Paris","stations":3,"bikes_available":3,"mechanical":2,"ebike":1,\
        "docks_available":10,"capacity":40,"updated_at":"2026-11-24T10:00:00Z","untyped_bikes":0,\
        "age_seconds":60}""");
    state.apply(station("7", 1, 0, 0, 1, T0));
    assertThat(Json.writeString(state.station("velib:7").orElseThrow())).isEqualTo("""
        {"key":"velib:7","system":"velib","station_code":"7","station_id":"id-7","name":"Station 7",\
        "lat":48.86,"lon":2.35,"capacity":1,"postcode":"75001","commune":"Paris","bikes_available":1,\
        "mechanical":1,"ebike":0,"docks_available":0,"is_installed":true,"is_renting":true,\
        "is_returning":true,"last_reported":"2026-11-24T10:00:00Z","fetched_at":"2026-11-24T10:00:05Z",\
        "fill_ratio":1.0,"empty":false,"full":true,"age_seconds":60}""");
  }

  @Test
  void snapshotHoldsStateSeriesAndStats() {
    state.apply(station("1", 1, 1, 1, 3, T0));
    state.apply(postcode("75001", 1, 1, T0));
    state.apply(weather("paris", 8.5, T0));

    Snapshot snapshot = state.snapshot();

    assertThat(snapshot.at()).isEqualTo(T0.plusSeconds(60));
    assertThat(snapshot.stations()).hasSize(1);
    assertThat(snapshot.postcodes()).hasSize(1);
    assertThat(snapshot.weather()).hasSize(1);
    assertThat(snapshot.postcodeSeries()).containsOnlyKeys("75001");
    assertThat(snapshot.weatherSeries()).containsOnlyKeys("open-meteo:paris");
    assertThat(snapshot.stats().get("station").applied()).isEqualTo(1);
  }

  @Test
  void concurrentWritersKeepTheNewestStateAndCountEveryRecord() throws Exception {
    DashboardState shared = new DashboardState(clock, 1000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      futures.add(pool.submit(() -> {
        for (int i = offset; i < 2000; i += 4) {
          shared.apply(postcode("75001", i, 0, T0.plusSeconds(i)));
          shared.stations();
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    KindStats stats = shared.stats().get("postcode");
    assertThat(shared.postcode("75001").orElseThrow().availability().mechanical())
        .isEqualTo(1999);
    assertThat(stats.applied() + stats.stale()).isEqualTo(2000);
    assertThat(shared.postcodeSeries("75001")).extracting(PostcodePoint::at).isSorted();
  }
}
