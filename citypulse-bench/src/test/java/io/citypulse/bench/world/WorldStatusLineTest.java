package io.citypulse.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldStatusLineTest {

  // Printed by 'citypulse run --systems' on a served world of 20 systems (seed 42).
  private static final String BEFORE_SPARK = "02:09:04 UTC | polls 19 ok (last 13s ago) |"
      + " published 12382, unchanged 0, postcode unknown 12382 (not in table 12382) | spark"
      + " batches 0, lag ? | no aggregate yet | systems 19/19 ok, 1 need credentials | last 25s:"
      + " 19 polls, +12382 records (495/s), slowest sim-0007 9.8s";
  private static final String STEADY = "02:09:44 UTC | polls 25 ok (last 0s ago) | published"
      + " 12382, unchanged 636, postcode unknown 12382 (not in table 12382) | spark batches 2, lag"
      + " 0 | last 871951b75ffffff: 14 bikes (7 mechanical, 7 electric) in 1 station | systems"
      + " 19/19 ok, 1 need credentials | last 5s: 6 polls, +0 records (0/s), slowest sim-0001 0.0s";
  private static final String QUIET = "02:10:05 UTC | polls 38 ok (last 11s ago) | published"
      + " 12382, unchanged 12382, postcode unknown 12382 (not in table 12382) | spark batches 2,"
      + " lag 0 | last 871951b75ffffff: 14 bikes (7 mechanical, 7 electric) in 1 station |"
      + " systems 19/19 ok, 1 need credentials | last 5s: 0 polls, +0 records (0/s)";
  // The failing parts as StatusLine formats them (its Javadoc's example).
  private static final String FAILING = "08:15:00 UTC | polls 812 ok, 7 failed (last 0s ago) |"
      + " published 9400, unchanged 120 | spark batches 41, lag 1234 | last 33000: 5 bikes"
      + " (unknown types) in 2 stations | systems 18/21 ok, 1 failing (sim-0005: station_status"
      + " http://127.0.0.1:8000/sim-0005/station_status.json: HTTP 500), 1 without stations, 1"
      + " need credentials | last 5s: 21 polls, 2 failed, +340 records (68/s), slowest sim-0003"
      + " 1.2s";
  // One system (no --systems): no systems part.
  private static final String ONE_SYSTEM = "09:00:02 UTC | polls 3 ok (last 1s ago) | published"
      + " 1503, unchanged 40 | spark batches 7, lag 0 | last 75116: 5 bikes (1 mechanical, 4"
      + " electric) in 1 station";

  @Test
  void readsTheCountersLagAndSystemsOfRealLines() {
    WorldStatusLine first = WorldStatusLine.parse(BEFORE_SPARK).orElseThrow();
    assertThat(first.clock()).isEqualTo("02:09:04");
    assertThat(first.pollsOk()).isEqualTo(19);
    assertThat(first.pollsFailed()).isZero();
    assertThat(first.published()).isEqualTo(12382);
    assertThat(first.batches()).isZero();
    assertThat(first.lag()).isNull();
    assertThat(first.systemsOk()).isEqualTo(19);
    assertThat(first.systems()).isEqualTo(19);
    assertThat(first.failing()).isZero();
    assertThat(first.roundPolls()).isEqualTo(19);

    WorldStatusLine steady = WorldStatusLine.parse(STEADY).orElseThrow();
    assertThat(steady.lag()).isZero();
    assertThat(steady.batches()).isEqualTo(2);
    // The area of "last 871951b75ffffff: ..." is not the round's "last 5s: 6 polls".
    assertThat(steady.roundPolls()).isEqualTo(6);
    assertThat(WorldStatusLine.parse(QUIET).orElseThrow().roundPolls()).isZero();
  }

  @Test
  void readsFailedPollsAndFailingSystems() {
    WorldStatusLine line = WorldStatusLine.parse(FAILING).orElseThrow();
    assertThat(line.pollsOk()).isEqualTo(812);
    assertThat(line.pollsFailed()).isEqualTo(7);
    assertThat(line.polls()).isEqualTo(819);
    assertThat(line.lag()).isEqualTo(1234);
    assertThat(line.systemsOk()).isEqualTo(18);
    assertThat(line.systems()).isEqualTo(21);
    assertThat(line.failing()).isEqualTo(1);
    assertThat(line.roundPolls()).isEqualTo(21);
  }

  @Test
  void aLineWithoutSystemsAndOtherLinesOfTheLog() {
    WorldStatusLine one = WorldStatusLine.parse(ONE_SYSTEM).orElseThrow();
    assertThat(one.systems()).isNull();
    assertThat(one.roundPolls()).isNull();
    assertThat(one.lag()).isZero();

    assertThat(WorldStatusLine.parse("citypulse: polling 19 GBFS system(s) of world/systems.csv"))
        .isEmpty();
    assertThat(WorldStatusLine.parse("02:08:41.380 INFO  .s.p.ChainedPostcodeResolver station"
            + " sim-0002:1001: postcode unknown"))
        .isEmpty();
  }

  @Test
  void pollsPerRoundScalesEachWindowToOneRound() {
    // Lines every 5 s; 19 systems polled every ~60 s: 19 polls between 0 s and 60 s, 18 between
    // 60 s and 125 s.
    List<WorldStatusLine.Timed> lines = List.of(
        timed(0, 100, 0L),
        timed(30, 110, 0L),
        timed(60, 119, 0L),
        timed(90, 128, 0L),
        timed(125, 137, 0L),
        timed(130, 137, 0L));
    List<Double> rounds = WorldStatusLine.pollsPerRound(lines, Duration.ofSeconds(60));
    assertThat(rounds).hasSize(2);
    assertThat(rounds.get(0)).isEqualTo(19.0);
    assertThat(rounds.get(1)).isCloseTo(18.0 * 60 / 65, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void longestLagAboveZeroRunsToTheNextZero() {
    List<WorldStatusLine.Timed> lines = List.of(
        timed(0, 1, 0L),
        timed(5, 1, 500L),
        timed(10, 1, null),
        timed(15, 1, 20L),
        timed(20, 1, 0L),
        timed(25, 1, 0L),
        timed(30, 1, 7L),
        timed(35, 1, 3L));
    assertThat(WorldStatusLine.longestLagAboveZero(lines)).isEqualTo(15.0);
    assertThat(WorldStatusLine.longestLagAboveZero(List.of(timed(0, 1, 0L), timed(5, 1, 0L))))
        .isZero();
  }

  @Test
  void aChangeIsThroughAtTheFirstLagZeroAfterEveryChangedStationWasPublished() {
    List<WorldStatusLine.Timed> lines = List.of(
        published(0, 1000, 0L),
        published(5, 1400, 0L), // lag read before these records came: not yet
        published(10, 1900, 350L),
        published(15, 2000, 80L),
        published(20, 2000, 0L),
        published(25, 2000, 0L));
    assertThat(WorldStatusLine.changesThrough(lines, 1000, 1000)).isEqualTo(20_000_000_000L);
    assertThat(WorldStatusLine.changesThrough(lines.subList(0, 4), 1000, 1000)).isNull();
    assertThat(WorldStatusLine.changesThrough(lines, 1000, 1001)).isNull();
  }

  private static WorldStatusLine.Timed published(long second, long published, Long lag) {
    return new WorldStatusLine.Timed(
        second * 1_000_000_000L,
        1,
        new WorldStatusLine("00:00:00", 0, 0, published, 0, lag, 19, 19, 0, null));
  }

  private static WorldStatusLine.Timed timed(long second, long polls, Long lag) {
    return new WorldStatusLine.Timed(
        second * 1_000_000_000L,
        1,
        new WorldStatusLine("00:00:00", polls, 0, 0, 0, lag, 19, 19, 0, null));
  }
}
