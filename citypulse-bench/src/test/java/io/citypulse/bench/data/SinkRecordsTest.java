package io.citypulse.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SinkRecordsTest {
  private static final Instant START = Instant.parse("2026-01-05T06:00:00Z");
  private static final StationCatalog CATALOG = StationCatalog.generate(7, 150);

  private static List<StationRecord> generate(long count, long seed) {
    SinkRecords generator = new SinkRecords(CATALOG, seed, START);
    List<StationRecord> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      out.add(generator.next());
    }
    return out;
  }

  @Test
  void everyRecordIsADistinctStateOfItsStationEvenForAPartialLastRound() {
    int count = 150 * 40 + 77;
    List<StationRecord> records = generate(count, 1);
    Set<String> states = new HashSet<>();
    for (StationRecord r : records) {
      states.add(r.key() + "@" + r.lastReported());
    }
    // station_history's key (system, station_code, last_reported): one row per record.
    assertThat(states).hasSize(count);
    assertThat(records).hasSize(count);
    assertThat(records.stream().map(StationRecord::key).distinct().count()).isEqualTo(150);
    assertThat(SinkRecords.rounds(count, 150)).isEqualTo(41);
    assertThat(SinkRecords.rounds(300_000, 1_500)).isEqualTo(200);
  }

  @Test
  void eachStationReportsLaterInEveryRoundWithinItsCapacity() {
    Map<String, Instant> lastReported = new HashMap<>();
    int moved = 0;
    Map<String, Integer> bikes = new HashMap<>();
    for (StationRecord r : generate(150 * 30, 2)) {
      Instant previous = lastReported.put(r.key(), r.lastReported());
      if (previous != null) {
        assertThat(r.lastReported()).isAfter(previous);
      }
      assertThat(r.fetchedAt()).isAfter(r.lastReported());
      assertThat(r.bikesAvailable())
          .isBetween(0, r.capacity())
          .isEqualTo(r.mechanical() + r.ebike());
      assertThat(r.docksAvailable()).isEqualTo(r.capacity() - r.bikesAvailable());
      Integer before = bikes.put(r.key(), r.bikesAvailable());
      if (before != null && before != r.bikesAvailable()) {
        moved++;
      }
    }
    // Counts move too, not only the time: the states differ as a live feed's do.
    assertThat(moved).isGreaterThan(150 * 29 / 2);
  }

  @Test
  void sameSeedGivesTheSameRecordsAndAnotherSeedDoesNot() {
    assertThat(generate(3_000, 5)).isEqualTo(generate(3_000, 5)).isNotEqualTo(generate(3_000, 6));
  }
}
