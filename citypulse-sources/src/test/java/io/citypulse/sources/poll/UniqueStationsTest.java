package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UniqueStationsTest {
  private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

  private static JoinedStation station(String id, String shortName, int bikes, Instant reported) {
    return new JoinedStation(
        new StationStatus(id, null, bikes, null, null, 3, true, true, true, reported),
        shortName == null
            ? null
            : new StationInformation(id, shortName, "Station " + id, 48.8, 2.3, 10, null));
  }

  @Test
  void aFeedWithUniqueIdsAndCodesComesBackUnchanged() {
    List<JoinedStation> stations =
        List.of(station("1", "A", 1, T0), station("2", "B", 2, T0), station("3", null, 3, T0));

    UniqueStations.Result result = UniqueStations.of(stations);

    assertThat(result.stations()).isEqualTo(stations);
    assertThat(result.duplicates()).isEmpty();
    assertThat(result.recoded()).isEmpty();
  }

  @Test
  void aStationIdListedTwiceKeepsItsNewestEntryWhereverItIs() {
    JoinedStation older = station("1", "A", 5, T0);
    JoinedStation newer = station("1", "A", 7, T0.plusSeconds(60));

    UniqueStations.Result newerLast =
        UniqueStations.of(List.of(older, station("2", "B", 1, T0), newer));
    UniqueStations.Result newerFirst =
        UniqueStations.of(List.of(newer, station("2", "B", 1, T0), older));

    assertThat(newerLast.stations())
        .extracting(s -> s.status().bikesAvailable())
        .containsExactly(7, 1);
    assertThat(newerFirst.stations())
        .extracting(s -> s.status().bikesAvailable())
        .containsExactly(7, 1);
    assertThat(newerLast.duplicates())
        .singleElement()
        .satisfies(d -> assertThat(d.dropped()).isEqualTo(older));
    assertThat(newerFirst.duplicates())
        .singleElement()
        .satisfies(d -> assertThat(d.dropped()).isEqualTo(older));
  }

  @Test
  void stationsSharingAShortNameAreKeyedByTheirIdsAndTheOthersKeepTheirCodes() {
    UniqueStations.Result result = UniqueStations.of(List.of(
        station("10", "Gare", 1, T0), station("11", "Gare", 2, T0), station("12", "Port", 3, T0)));

    assertThat(result.stations())
        .extracting(JoinedStation::stationCode)
        .containsExactly("10", "11", "Port");
    assertThat(result.stations())
        .extracting(s -> s.information().name())
        .containsExactly("Station 10", "Station 11", "Station 12");
    assertThat(result.recoded()).containsExactly("Gare");
  }

  @Test
  void aStationWithoutInformationWhoseIdIsAnotherStationsCodeIsKeptApart() {
    // Station 7 has no information (its code is its id, "7"); station 8's short_name is "7".
    UniqueStations.Result result =
        UniqueStations.of(List.of(station("7", null, 1, T0), station("8", "7", 2, T0)));

    assertThat(result.stations()).extracting(JoinedStation::stationCode).containsExactly("7", "8");
    assertThat(result.recoded()).containsExactly("7");
  }
}
