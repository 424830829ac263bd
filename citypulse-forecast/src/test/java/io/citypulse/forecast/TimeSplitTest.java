package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  private static final long DAY = 86_400;
  private static final long START = Instant.parse("2014-04-01T05:00:00Z").getEpochSecond();

  @Test
  void theLastFifthIsTheTestPart() {
    // 10 days: the last 2 are the test part
    TimeSplit split = TimeSplit.of(START, START + 10 * DAY, 0.2, Duration.ofMinutes(5));
    assertThat(split.split()).isEqualTo(START + 8 * DAY);
  }

  @Test
  void theSplitIsRoundedDownToTheGrid() {
    // end 7 minutes past a grid time: 10 days + 7 min, a fifth is 2 days + 84 s -> raw split
    // START + 8 days + 336 s, rounded down to the 5-minute grid: START + 8 days + 300 s
    TimeSplit split = TimeSplit.of(START, START + 10 * DAY + 420, 0.2, Duration.ofMinutes(5));
    assertThat(split.split()).isEqualTo(START + 8 * DAY + 300);
    assertThat(split.split() % 300).isZero();
  }

  @Test
  void noSampleCrossesTheSplit() {
    TimeSplit split = new TimeSplit(0, 3600, 7200, 300);
    // a train sample's target is before the split
    assertThat(split.isTrain(2700, 900)).isFalse();
    assertThat(split.isTrain(2400, 900)).isTrue();
    // a test sample starts at the split and its target is at the end at the latest
    assertThat(split.isTest(3300, 900)).isFalse();
    assertThat(split.isTest(3600, 900)).isTrue();
    assertThat(split.isTest(6300, 900)).isTrue();
    assertThat(split.isTest(6600, 900)).isFalse();
  }

  @Test
  void samplesOfBothPartsNeverOverlap() {
    StateLog log = Fixture.log();
    TimeSplit split = TimeSplit.of(log, 0.5, Duration.ofHours(6));
    long[] lastTrainTarget = {Long.MIN_VALUE};
    long[] firstTest = {Long.MAX_VALUE};
    Sampler.forEach(
        log,
        split,
        Sampler.Part.TRAIN,
        6 * 3600,
        s -> lastTrainTarget[0] = Math.max(lastTrainTarget[0], s.time() + s.horizon()));
    Sampler.forEach(
        log,
        split,
        Sampler.Part.TEST,
        6 * 3600,
        s -> firstTest[0] = Math.min(firstTest[0], s.time()));
    assertThat(lastTrainTarget[0]).isLessThan(split.split());
    assertThat(firstTest[0]).isEqualTo(split.split());
  }

  @Test
  void badFractionsAndRangesAreRefused() {
    assertThatThrownBy(() -> TimeSplit.of(0, DAY, 0, Duration.ofMinutes(5)))
        .hasMessageContaining("strictly between 0 and 1");
    assertThatThrownBy(() -> TimeSplit.of(0, DAY, 1.5, Duration.ofMinutes(5)))
        .hasMessageContaining("strictly between 0 and 1");
    assertThatThrownBy(() -> TimeSplit.of(100, 100, 0.2, Duration.ofMinutes(5)))
        .hasMessageContaining("too short to split");
  }
}
