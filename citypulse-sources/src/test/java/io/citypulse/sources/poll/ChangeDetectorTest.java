package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {
  private static final Instant REPORTED = Instant.parse("2025-10-18T08:31:34Z");
  private static final Instant FETCHED = Instant.parse("2025-10-18T09:00:00Z");

  private static StationRecord record(
      String code, int bikes, boolean renting, Instant reported, Instant fetched, String postcode) {
    return new StationRecord(
        "velib",
        code,
        "1" + code,
        "Name",
        48.8,
        2.3,
        35,
        postcode,
        "Paris",
        bikes,
        1,
        bikes - 1,
        30,
        true,
        renting,
        true,
        reported,
        fetched);
  }

  @Test
  void firstSightingIsAChangeARepeatIsNot() {
    ChangeDetector detector = new ChangeDetector();

    assertThat(detector.changed(record("16107", 5, true, REPORTED, FETCHED, "75116")))
        .isTrue();
    assertThat(
            detector.changed(record("16107", 5, true, REPORTED, FETCHED.plusSeconds(60), "75116")))
        .as("only fetched_at differs")
        .isFalse();
    assertThat(detector.size()).isEqualTo(1);
  }

  @Test
  void countsFlagsLastReportedAndPostcodeAreChanges() {
    ChangeDetector detector = new ChangeDetector();
    detector.changed(record("16107", 5, true, REPORTED, FETCHED, "UNKNOWN"));

    assertThat(detector.changed(record("16107", 6, true, REPORTED, FETCHED, "UNKNOWN")))
        .isTrue();
    assertThat(detector.changed(record("16107", 6, false, REPORTED, FETCHED, "UNKNOWN")))
        .isTrue();
    assertThat(detector.changed(
            record("16107", 6, false, REPORTED.plusSeconds(1), FETCHED, "UNKNOWN")))
        .isTrue();
    assertThat(
            detector.changed(record("16107", 6, false, REPORTED.plusSeconds(1), FETCHED, "75116")))
        .as("a postcode resolved later is published")
        .isTrue();
    assertThat(
            detector.changed(record("16107", 6, false, REPORTED.plusSeconds(1), FETCHED, "75116")))
        .isFalse();
  }

  @Test
  void stationsAreTrackedIndependently() {
    ChangeDetector detector = new ChangeDetector();
    detector.changed(record("16107", 5, true, REPORTED, FETCHED, "75116"));

    assertThat(detector.changed(record("32017", 5, true, REPORTED, FETCHED, "75116")))
        .isTrue();
    assertThat(detector.changed(record("16107", 5, true, REPORTED, FETCHED, "75116")))
        .isFalse();
  }

  @Test
  void forgetMakesAFailedPublicationGoAgainButKeepsNewerStates() {
    ChangeDetector detector = new ChangeDetector();
    StationRecord first = record("16107", 5, true, REPORTED, FETCHED, "75116");
    StationRecord newer = record("16107", 7, true, REPORTED, FETCHED, "75116");
    detector.changed(first);

    detector.forget(first);
    assertThat(detector.changed(first)).isTrue();

    detector.changed(newer);
    detector.forget(first);
    assertThat(detector.changed(newer))
        .as("the failed older record did not erase the newer one")
        .isFalse();
  }
}
