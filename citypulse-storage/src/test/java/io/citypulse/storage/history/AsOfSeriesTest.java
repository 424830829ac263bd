package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsOfSeriesTest {
  private static final Instant T8 = Instant.parse("2026-11-24T08:00:00Z");

  private static Instant at(String hhmm) {
    return Instant.parse("2026-11-24T" + hhmm + ":00Z");
  }

  /** A postcode state: commune, stations, bikes, mechanical, ebike, untyped bikes, docks, capacity. */
  private static HistoryState postcode(Instant time, long bikes) {
    return new HistoryState(
        time, Arrays.asList("Paris", 3L, bikes, bikes, 0L, 0L, 40 - bikes, 40L));
  }

  /** A station state whose bikes tell it apart. */
  private static HistoryState station(Instant time, long bikes) {
    return new HistoryState(
        time, Arrays.asList("Gare", bikes, bikes, 0L, 20 - bikes, 20L, true, true));
  }

  private static HistoryRequest sampled(Instant from, Instant to, Duration step) {
    return new HistoryRequest(HistorySubject.STATION, "velib", "16107", from, to, step);
  }

  /** Column 0 = at, column 1 = the state's time, column 3 = bikes_available. */
  private static List<String> atTimeBikes(TimeSeries series) {
    List<String> out = new ArrayList<>();
    for (List<Object> row : series.rows()) {
      out.add(row.get(0) + " " + row.get(1) + " " + row.get(3));
    }
    return out;
  }

  @Test
  void withoutAStepEveryStateInTheClosedRangeInTimeOrder() {
    HistoryRequest request =
        HistoryRequest.all(HistorySubject.STATION, null, "16107", at("08:00"), at("09:00"));
    TimeSeries series = AsOfSeries.build(
        request,
        List.of(
            station(at("09:00"), 4),
            station(at("07:59"), 1),
            station(at("08:00"), 2),
            station(at("08:30"), 3),
            station(at("09:01"), 5)));

    assertThat(series.columnNames())
        .containsExactly(
            "last_reported",
            "name",
            "bikes_available",
            "mechanical",
            "ebike",
            "docks_available",
            "capacity",
            "is_renting",
            "is_returning");
    assertThat(series.rows())
        .extracting(r -> r.get(0) + " " + r.get(2))
        .containsExactly(at("08:00") + " 2", at("08:30") + " 3", at("09:00") + " 4");
  }

  @Test
  void sampledRowsAreNullBeforeTheFirstStateThenTheLatestStateAtOrBeforeEachInstant() {
    // Steps 08:00, 08:15, 08:30, 08:45, 09:00: the first state is at 08:20, an exact hit at 08:30,
    // then a gap of two steps; 09:00 == to is the last step.
    TimeSeries series = AsOfSeries.build(
        sampled(at("08:00"), at("09:00"), Duration.ofMinutes(15)),
        List.of(station(at("08:20"), 1), station(at("08:30"), 2), station(at("09:05"), 9)));

    assertThat(series.columnNames()).startsWith("at", "last_reported", "name", "bikes_available");
    assertThat(atTimeBikes(series))
        .containsExactly(
            at("08:00") + " null null",
            at("08:15") + " null null",
            at("08:30") + " " + at("08:30") + " 2",
            at("08:45") + " " + at("08:30") + " 2",
            at("09:00") + " " + at("08:30") + " 2");
    assertThat(series.rows().get(0))
        .hasSize(10)
        .containsOnlyOnce(at("08:00"))
        .containsOnly(at("08:00"), null);
  }

  @Test
  void theStateBeforeFromCarriesIntoTheFirstSteps() {
    TimeSeries series = AsOfSeries.build(
        sampled(at("08:00"), at("08:50"), Duration.ofMinutes(20)),
        List.of(station(at("06:00"), 7), station(at("07:00"), 8), station(at("08:40"), 1)));

    // 08:50 is not a step: 08:00 + 3 * 20 min = 09:00 > to.
    assertThat(atTimeBikes(series))
        .containsExactly(
            at("08:00") + " " + at("07:00") + " 8",
            at("08:20") + " " + at("07:00") + " 8",
            at("08:40") + " " + at("08:40") + " 1");
  }

  @Test
  void noStatesGiveNullRowsWhenSampledAndNoRowsOtherwise() {
    assertThat(atTimeBikes(
            AsOfSeries.build(sampled(at("08:00"), at("08:10"), Duration.ofMinutes(10)), List.of())))
        .containsExactly(at("08:00") + " null null", at("08:10") + " null null");
    assertThat(AsOfSeries.build(
                HistoryRequest.all(HistorySubject.STATION, null, "1", at("08:00"), at("09:00")),
                List.of(station(at("07:00"), 1)))
            .rows())
        .isEmpty();
  }

  @Test
  void aStationKeepsTheFirstStateOfATimeAPostcodeTheLastOne() {
    List<HistoryState> stations = List.of(station(at("08:00"), 1), station(at("08:00"), 2));
    assertThat(AsOfSeries.build(
                HistoryRequest.all(HistorySubject.STATION, null, "1", T8, at("09:00")), stations)
            .rows())
        .extracting(r -> r.get(2))
        .containsExactly(1L);

    List<HistoryState> postcodes = List.of(postcode(at("08:00"), 5), postcode(at("08:00"), 6));
    assertThat(AsOfSeries.build(
                HistoryRequest.all(HistorySubject.POSTCODE, null, "75001", T8, at("09:00")),
                postcodes)
            .rows())
        .extracting(r -> r.get(3))
        .containsExactly(6L);
  }

  @Test
  void aStateWithTheWrongNumberOfValuesIsRefused() {
    HistoryState shortState = new HistoryState(T8, List.of("Paris"));
    assertThatThrownBy(() -> AsOfSeries.build(
            HistoryRequest.all(HistorySubject.POSTCODE, null, "75001", T8, at("09:00")),
            List.of(shortState)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 values for 8 columns");
  }
}
