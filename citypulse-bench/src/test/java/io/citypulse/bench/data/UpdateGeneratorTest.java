package io.citypulse.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateGeneratorTest {
  private static final Instant START = Instant.parse("2026-01-05T06:00:00Z");
  private static final StationCatalog CATALOG = StationCatalog.generate(7, 50);

  private static List<StationRecord> generate(int count, UpdateGenerator generator) {
    List<StationRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(generator.next());
    }
    return out;
  }

  @Test
  void sameSeedGivesTheSameRecordsAndAnotherSeedDoesNot() {
    List<StationRecord> a = generate(2_000, new UpdateGenerator(CATALOG, 1, START, 0.05));
    List<StationRecord> b = generate(2_000, new UpdateGenerator(CATALOG, 1, START, 0.05));
    List<StationRecord> c = generate(2_000, new UpdateGenerator(CATALOG, 2, START, 0.05));
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void startsWithOneRecordPerStationThenAboutFivePercentStale() {
    UpdateGenerator generator = new UpdateGenerator(CATALOG, 3, START, 0.05);
    List<StationRecord> snapshot = generate(CATALOG.size(), generator);
    assertThat(snapshot)
        .extracting(StationRecord::key)
        .doesNotHaveDuplicates()
        .hasSize(CATALOG.size());
    assertThat(generator.count(UpdateGenerator.Kind.FRESH)).isEqualTo(CATALOG.size());

    int updates = 40_000;
    generate(updates, generator);
    long stale = generator.count(UpdateGenerator.Kind.DUPLICATE)
        + generator.count(UpdateGenerator.Kind.RESEND)
        + generator.count(UpdateGenerator.Kind.LATE);
    assertThat(stale / (double) updates).isBetween(0.045, 0.055);
    assertThat(generator.count(UpdateGenerator.Kind.DUPLICATE)).isPositive();
    assertThat(generator.count(UpdateGenerator.Kind.RESEND)).isPositive();
    assertThat(generator.count(UpdateGenerator.Kind.LATE)).isPositive();
  }

  @Test
  void freshRecordsAreStrictlyNewerAndStaleOnesAreNot() {
    UpdateGenerator generator = new UpdateGenerator(CATALOG, 4, START, 0.05);
    Map<String, StationRecord> latest = new HashMap<>();
    Instant lastFetched = Instant.MIN;
    for (int i = 0; i < 20_000; i++) {
      StationRecord r = generator.next();
      StationRecord kept = latest.get(r.key());
      if (generator.lastKind() == UpdateGenerator.Kind.FRESH) {
        assertThat(r.fetchedAt()).isAfter(lastFetched);
        lastFetched = r.fetchedAt();
        if (kept != null) {
          assertThat(r.lastReported()).isAfter(kept.lastReported());
        }
        latest.put(r.key(), r);
      } else {
        assertThat(Newness.replaces(r, kept))
            .as("stale %s", generator.lastKind())
            .isFalse();
      }
    }
  }

  @Test
  void countsStayPlausibleWithinCapacity() {
    UpdateGenerator generator = new UpdateGenerator(CATALOG, 5, START, 0.05);
    for (int i = 0; i < 20_000; i++) {
      StationRecord r = generator.next();
      assertThat(r.mechanical()).isNotNegative();
      assertThat(r.ebike()).isNotNegative();
      assertThat(r.bikesAvailable()).isEqualTo(r.mechanical() + r.ebike());
      assertThat(r.bikesAvailable() + r.docksAvailable()).isEqualTo(r.capacity());
      assertThat(r.postcode()).matches("\\d{5}");
      assertThat(r.fetchedAt().getNano() % 1_000).as("microsecond precision").isZero();
    }
  }

  @Test
  void liveUpdatesAreAlwaysNewer() {
    UpdateGenerator generator = new UpdateGenerator(CATALOG, 6, START, 0);
    Map<String, StationRecord> latest = new HashMap<>();
    Instant fetched = START;
    for (int i = 0; i < 5_000; i++) {
      fetched = fetched.plusNanos(1_000);
      StationRecord r = generator.liveUpdate(fetched);
      assertThat(Newness.replaces(r, latest.get(r.key()))).isTrue();
      assertThat(r.fetchedAt()).isEqualTo(fetched);
      latest.put(r.key(), r);
    }
  }
}
