package io.citypulse.dashboard.state;

import static io.citypulse.dashboard.state.Fixtures.T0;
import static io.citypulse.dashboard.state.Fixtures.postcode;
import static io.citypulse.dashboard.state.Fixtures.weather;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stored history merged into the live series: by time, one point per instant, the newest N. */
class SeriesSeedTest {
  private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));

  static Instant minute(int m) {
    return T0.plusSeconds(60L * m);
  }

  /** A stored postcode point whose bikes tell it apart from the live one ({@code 1000 + minute}). */
  static PostcodePoint stored(int m) {
    return new PostcodePoint(minute(m), 1000 + m, 1000L + m, 0L, 5);
  }

  static List<Long> bikes(List<PostcodePoint> series) {
    return series.stream().map(PostcodePoint::bikesAvailable).toList();
  }

  @Test
  void storedPointsInAnyOrderGoBeforeTheLivePointsSortedByTime() {
    DashboardState state = new DashboardState(clock, 10);
    state.apply(postcode("75001", 7, 0, minute(5)));

    int kept = state.seedPostcodeSeries(Map.of("75001", List.of(stored(3), stored(1), stored(2))));

    assertThat(kept).isEqualTo(3);
    assertThat(state.postcodeSeries("75001"))
        .extracting(PostcodePoint::at)
        .containsExactly(minute(1), minute(2), minute(3), minute(5));
    assertThat(bikes(state.postcodeSeries("75001"))).containsExactly(1001L, 1002L, 1003L, 7L);
    // A later live point simply follows.
    state.apply(postcode("75001", 8, 0, minute(6)));
    assertThat(bikes(state.postcodeSeries("75001"))).containsExactly(1001L, 1002L, 1003L, 7L, 8L);
  }

  @Test
  void aStoredPointAtTheInstantOfALiveOneIsTheSameStateAndTheLiveOneStays() {
    DashboardState state = new DashboardState(clock, 10);
    state.apply(postcode("75001", 7, 0, minute(2)));

    int kept = state.seedPostcodeSeries(Map.of("75001", List.of(stored(1), stored(2), stored(2))));

    assertThat(kept).isEqualTo(1);
    assertThat(state.postcodeSeries("75001"))
        .extracting(PostcodePoint::at)
        .containsExactly(minute(1), minute(2));
    assertThat(bikes(state.postcodeSeries("75001"))).containsExactly(1001L, 7L);
  }

  @Test
  void aLivePointAtTheInstantOfASeededOneReplacesItAsALiveRepeatDoes() {
    DashboardState state = new DashboardState(clock, 10);
    state.seedPostcodeSeries(Map.of("75001", List.of(stored(1), stored(2))));

    state.apply(postcode("75001", 7, 0, minute(2)));

    assertThat(bikes(state.postcodeSeries("75001"))).containsExactly(1001L, 7L);
  }

  @Test
  void onlyTheNewestPointsOfTheUnionAreKept() {
    DashboardState state = new DashboardState(clock, 3);
    state.apply(postcode("75001", 7, 0, minute(10)));

    int kept = state.seedPostcodeSeries(
        Map.of("75001", List.of(stored(1), stored(8), stored(9), stored(2))));

    assertThat(kept).as("minutes 1 and 2 fall off the bound").isEqualTo(2);
    assertThat(state.postcodeSeries("75001"))
        .extracting(PostcodePoint::at)
        .containsExactly(minute(8), minute(9), minute(10));
  }

  @Test
  void aLivePointOlderThanTheStoredHistoryIsPlacedByTime() {
    // The feed may still be catching up on the topic while the store already holds later states.
    DashboardState state = new DashboardState(clock, 10);
    state.seedPostcodeSeries(Map.of("75001", List.of(stored(1), stored(5))));

    state.apply(postcode("75001", 7, 0, minute(3)));

    assertThat(state.postcodeSeries("75001"))
        .extracting(PostcodePoint::at)
        .containsExactly(minute(1), minute(3), minute(5));
  }

  @Test
  void seedingThenFeedingGivesTheSameSeriesAsFeedingThenSeeding() {
    List<PostcodePoint> history =
        IntStream.rangeClosed(1, 8).mapToObj(SeriesSeedTest::stored).toList();
    DashboardState seededFirst = new DashboardState(clock, 5);
    DashboardState fedFirst = new DashboardState(clock, 5);

    seededFirst.seedPostcodeSeries(Map.of("75001", history));
    for (int m = 6; m <= 10; m += 2) {
      seededFirst.apply(postcode("75001", m, 0, minute(m)));
      fedFirst.apply(postcode("75001", m, 0, minute(m)));
    }
    fedFirst.seedPostcodeSeries(Map.of("75001", history));

    assertThat(fedFirst.postcodeSeries("75001")).isEqualTo(seededFirst.postcodeSeries("75001"));
    // Minutes 5..10 without 9: stored 5, live 6 over stored 6, stored 7, live 8 over stored 8, live
    // 10.
    assertThat(bikes(seededFirst.postcodeSeries("75001")))
        .containsExactly(1005L, 6L, 1007L, 8L, 10L);
  }

  @Test
  void seedingCreatesNoLatestStateButTheSnapshotCarriesTheSeries() {
    DashboardState state = new DashboardState(clock, 10);
    state.apply(postcode("75001", 7, 0, minute(5)));

    state.seedPostcodeSeries(
        Map.of("75001", List.of(stored(1)), "75002", List.of(stored(1), stored(2))));
    state.seedWeatherSeries(
        Map.of("paris", List.of(new WeatherPoint(minute(1), 8.5, 80.0, 3.0, 0.2))));

    assertThat(state.postcodes())
        .extracting(v -> v.availability().postcode())
        .containsExactly("75001");
    assertThat(state.postcode("75002")).isEmpty();
    assertThat(state.weather()).isEmpty();
    assertThat(state.stats().get("postcode")).isEqualTo(new KindStats(1, 1, 0, 0, minute(5)));
    Snapshot snapshot = state.snapshot();
    assertThat(snapshot.postcodeSeries()).containsOnlyKeys("75001", "75002");
    assertThat(snapshot.postcodeSeries().get("75002")).hasSize(2);
    assertThat(snapshot.weatherSeries().get("paris"))
        .extracting(WeatherPoint::temperatureC)
        .containsExactly(8.5);
  }

  @Test
  void weatherSeriesMergeTheSameWayAndPointsWithoutTimeAreSkipped() {
    DashboardState state = new DashboardState(clock, 10);
    state.apply(weather("paris", 9.5, minute(20)));

    int kept = state.seedWeatherSeries(Map.of(
        "open-meteo:paris",
        List.of(
            new WeatherPoint(minute(10), 8.0, null, null, null),
            new WeatherPoint(null, 1.0, null, null, null),
            new WeatherPoint(minute(20), 99.0, null, null, null))));

    assertThat(kept).isEqualTo(1);
    assertThat(state.weatherSeries("open-meteo:paris"))
        .extracting(WeatherPoint::temperatureC)
        .containsExactly(8.0, 9.5);
  }

  @Test
  void aBlankKeyIsRefusedBeforeAnythingIsSeeded() {
    DashboardState state = new DashboardState(clock, 10);
    Map<String, List<PostcodePoint>> points = new LinkedHashMap<>();
    points.put("75001", List.of(stored(1)));
    points.put(" ", List.of(stored(1)));

    assertThatThrownBy(() -> state.seedPostcodeSeries(points))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postcode");
    assertThat(state.postcodeSeries("75001")).isEmpty();
  }

  @Test
  void seedingWhileTheFeedAppliesKeepsEveryInstantOnceInOrderWithinTheBound() throws Exception {
    int capacity = 300;
    // Live: even minutes 0..598 (one key, in order, as a partition delivers them); stored: every
    // minute 0..599 shuffled, seeded a few at a time meanwhile. Union: 600 instants, newest 300
    // kept.
    List<PostcodePoint> history =
        new ArrayList<>(IntStream.range(0, 600).mapToObj(SeriesSeedTest::stored).toList());
    Collections.shuffle(history, new Random(7));
    for (int round = 0; round < 100; round++) {
      DashboardState state = new DashboardState(clock, capacity);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      Future<?> feed = pool.submit(() -> {
        go.await();
        for (int m = 0; m < 600; m += 2) {
          state.apply(postcode("75001", m, 0, minute(m)));
        }
        return null;
      });
      Future<?> seed = pool.submit(() -> {
        go.await();
        for (int from = 0; from < history.size(); from += 3) {
          state.seedPostcodeSeries(Map.of("75001", history.subList(from, from + 3)));
        }
        return null;
      });
      go.countDown();
      feed.get(30, TimeUnit.SECONDS);
      seed.get(30, TimeUnit.SECONDS);
      pool.shutdown();

      List<PostcodePoint> series = state.postcodeSeries("75001");
      assertThat(series)
          .extracting(PostcodePoint::at)
          .containsExactlyElementsOf(
              IntStream.range(300, 600).mapToObj(SeriesSeedTest::minute).toList());
      // Whatever the interleaving, the live point wins at an even minute, the stored one elsewhere.
      assertThat(series).allSatisfy(p -> {
        long m = (p.at().getEpochSecond() - T0.getEpochSecond()) / 60;
        assertThat(p.bikesAvailable()).isEqualTo(m % 2 == 0 ? m : 1000 + m);
      });
    }
  }

  @Test
  void theOriginStartsAsTopicsAndSerialisesWithACaption() {
    DashboardState state = new DashboardState(clock, 10);
    assertThat(state.seriesOrigin()).isEqualTo(SeriesOrigin.topics());

    state.seriesOrigin(SeriesOrigin.history("127.0.0.1:5432/citypulse", minute(0), 12, 3));

    assertThat(Json.writeString(state.seriesOrigin())).isEqualTo("""
        {"source":"history","server":"127.0.0.1:5432/citypulse","from":"2026-11-24T10:00:00Z",\
        "postcode_points":12,"weather_points":3,"caption":"history from PostgreSQL"}""");
    assertThat(Json.writeString(SeriesOrigin.topics())).isEqualTo("""
        {"source":"topics","server":null,"from":null,"postcode_points":0,"weather_points":0,\
        "caption":"since the dashboard started"}""");
    assertThat(SeriesOrigin.history("h", minute(0), 0, 0).caption())
        .startsWith("since the dashboard started");
  }
}
