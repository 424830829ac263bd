package io.citypulse.jobs.weather;

import static io.citypulse.jobs.weather.Observations.minutes;
import static io.citypulse.jobs.weather.Observations.paris;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherWindowTest {
  private static final WeatherWindow HOUR = new WeatherWindow(Duration.ofHours(1));
  /** Before any data: Spark's watermark starts at 0. */
  private static final long NO_WATERMARK = 0L;

  /** Applies batches one after the other, keeping the state between them, like Spark would. */
  private static final class Location {
    List<ObservationPoint> state = List.of();
    final List<WeatherFeatures> emitted = new ArrayList<>();
    long duplicates;
    long late;
    long offset;

    WeatherWindow.Outcome batch(long watermarkMs, WeatherObservation... observations) {
      List<WeatherWindow.Incoming> incoming = new ArrayList<>();
      for (WeatherObservation o : observations) {
        incoming.add(new WeatherWindow.Incoming(o, 0, offset++));
      }
      WeatherWindow.Outcome outcome = HOUR.apply(state, incoming, watermarkMs);
      state = outcome.retained();
      emitted.addAll(outcome.emitted());
      duplicates += outcome.duplicates();
      late += outcome.late();
      return outcome;
    }
  }

  private static long ms(int minute) {
    return minutes(minute).toEpochMilli();
  }

  @Test
  void theFirstObservationHasNoTrend() {
    WeatherWindow.Outcome outcome = new Location().batch(NO_WATERMARK, paris(0, 24.38, 1012.0));

    assertThat(outcome.emitted()).singleElement().satisfies(f -> {
      assertThat(f.temperatureChange1h()).isNull();
      assertThat(f.pressureChange1h()).isNull();
      assertThat(f.observations1h()).isEqualTo(1);
    });
    assertThat(outcome.retained())
        .containsExactly(new ObservationPoint(WeatherWindow.micros(minutes(0)), 24.38, 1012.0));
  }

  @Test
  void theTrendIsNowMinusTheEarliestObservationOfTheWindow() {
    Location paris = new Location();
    paris.batch(NO_WATERMARK, paris(0, 20.0, 1010.0), paris(20, 21.0, 1009.0));
    paris.batch(NO_WATERMARK, paris(40, 23.5, 1008.5));

    assertThat(paris.emitted)
        .extracting(WeatherFeatures::observedAt)
        .containsExactly(minutes(0), minutes(20), minutes(40));
    WeatherFeatures last = paris.emitted.get(2);
    assertThat(last.temperatureChange1h()).isEqualTo(3.5);
    assertThat(last.pressureChange1h()).isEqualTo(-1.5);
    assertThat(last.observations1h()).isEqualTo(3);
    assertThat(paris.emitted.get(1).temperatureChange1h()).isEqualTo(1.0);
    assertThat(paris.emitted.get(1).observations1h()).isEqualTo(2);
  }

  @Test
  void theWindowIncludesTheObservationExactlyOneHourEarlierAndNothingBefore() {
    Location paris = new Location();
    paris.batch(NO_WATERMARK, paris(0, 18.0, 1015.0), paris(1, 19.0, 1014.0));
    paris.batch(NO_WATERMARK, paris(60, 22.0, 1012.0), paris(120, 25.0, 1011.0));

    WeatherFeatures atSixty = paris.emitted.get(2);
    assertThat(atSixty.temperatureChange1h()).as("60 − 0 min").isEqualTo(4.0);
    assertThat(atSixty.observations1h()).isEqualTo(3);
    WeatherFeatures at120 = paris.emitted.get(3);
    assertThat(at120.temperatureChange1h()).as("120 − 60 min: 0 and 1 are out").isEqualTo(3.0);
    assertThat(at120.observations1h()).isEqualTo(2);
  }

  @Test
  void aMissingValueIsSkippedForThatVariableOnly() {
    Location paris = new Location();
    paris.batch(
        NO_WATERMARK, paris(0, null, 1010.0), paris(10, 20.0, null), paris(20, 21.0, 1007.0));

    WeatherFeatures last = paris.emitted.get(2);
    assertThat(last.temperatureChange1h()).as("from minute 10").isEqualTo(1.0);
    assertThat(last.pressureChange1h()).as("from minute 0").isEqualTo(-3.0);
    assertThat(paris.emitted.get(1).temperatureChange1h())
        .as("no earlier temperature")
        .isNull();
    assertThat(paris.emitted.get(1).pressureChange1h()).as("no pressure now").isNull();
  }

  @Test
  void duplicatesEmitNothingAndKeepTheFirstValues() {
    Location paris = new Location();
    paris.batch(NO_WATERMARK, paris(0, 20.0, 1010.0), paris(0, 20.0, 1010.0));
    WeatherWindow.Outcome replay = paris.batch(
        NO_WATERMARK, paris(0, 25.0, 1000.0), paris(30, 21.0, 1009.0), paris(30, 21.0, 1009.0));

    assertThat(paris.duplicates).isEqualTo(3);
    assertThat(paris.emitted)
        .extracting(WeatherFeatures::observedAt)
        .containsExactly(minutes(0), minutes(30));
    assertThat(replay.emitted().get(0).temperatureChange1h())
        .as("against the first 20.0")
        .isEqualTo(1.0);
    assertThat(paris.state).hasSize(2);
  }

  @Test
  void anOutOfOrderObservationGetsTheValuesItWouldHaveHadInOrder() {
    Location inOrder = new Location();
    inOrder.batch(NO_WATERMARK, paris(0, 20.0, 1010.0));
    inOrder.batch(NO_WATERMARK, paris(15, 20.6, 1009.6));
    inOrder.batch(NO_WATERMARK, paris(30, 21.0, 1009.0));

    Location outOfOrder = new Location();
    outOfOrder.batch(NO_WATERMARK, paris(0, 20.0, 1010.0));
    outOfOrder.batch(NO_WATERMARK, paris(30, 21.0, 1009.0));
    outOfOrder.batch(ms(0), paris(15, 20.6, 1009.6));

    WeatherFeatures fifteen = outOfOrder.emitted.get(2);
    assertThat(fifteen.observedAt()).isEqualTo(minutes(15));
    assertThat(fifteen).isEqualTo(inOrder.emitted.get(1));
    assertThat(fifteen.temperatureChange1h()).isEqualTo(0.6);
    assertThat(fifteen.observations1h()).as("0 and 15; 30 comes after it").isEqualTo(2);
    // The record at 30 was emitted before 15 arrived and is not revised.
    assertThat(outOfOrder.emitted.get(1).observations1h()).isEqualTo(2);
    // Afterwards the state is the same as in order: later observations see all three.
    assertThat(outOfOrder.state).isEqualTo(inOrder.state);
    outOfOrder.batch(ms(0), paris(45, 21.4, 1008.0));
    inOrder.batch(ms(0), paris(45, 21.4, 1008.0));
    assertThat(outOfOrder.emitted.get(3)).isEqualTo(inOrder.emitted.get(3));
    assertThat(outOfOrder.emitted.get(3).observations1h()).isEqualTo(4);
  }

  @Test
  void withinABatchObservationsApplyInEventTimeOrder() {
    Location paris = new Location();
    paris.batch(
        NO_WATERMARK, paris(30, 21.0, 1009.0), paris(0, 20.0, 1010.0), paris(15, 20.5, 1009.5));

    assertThat(paris.emitted)
        .extracting(WeatherFeatures::observedAt)
        .containsExactly(minutes(0), minutes(15), minutes(30));
    assertThat(paris.emitted).extracting(WeatherFeatures::observations1h).containsExactly(1, 2, 3);
  }

  @Test
  void observationsAtOrBehindTheWatermarkAreLate() {
    Location paris = new Location();
    paris.batch(NO_WATERMARK, paris(0, 20.0, 1010.0), paris(180, 25.0, 1005.0));
    // Spark's watermark after that batch: newest − 1 h of lateness = minute 120.
    WeatherWindow.Outcome outcome = paris.batch(
        ms(120), paris(120, 24.0, 1006.0), paris(45, 22.0, 1008.0), paris(121, 24.1, 1006.1));

    assertThat(paris.late).isEqualTo(2);
    assertThat(outcome.emitted())
        .extracting(WeatherFeatures::observedAt)
        .containsExactly(minutes(121));
    assertThat(outcome.emitted().get(0).temperatureChange1h())
        .as("121 has no predecessor in [61, 121)")
        .isNull();
  }

  @Test
  void keepsOnlyWhatAFutureObservationCanStillUse() {
    Location paris = new Location();
    paris.batch(
        NO_WATERMARK, paris(0, 20.0, 1010.0), paris(50, 21.0, 1009.0), paris(100, 22.0, 1008.0));
    // Watermark at 110: observations still to come are later than 110, their windows start
    // after 50; the one at 50 itself can no longer be used.
    WeatherWindow.Outcome outcome = paris.batch(ms(110));

    assertThat(outcome.retained())
        .extracting(ObservationPoint::getObservedAtMicros)
        .containsExactly(WeatherWindow.micros(minutes(100)));
    // Everything is past use once the watermark passes the newest + window.
    assertThat(paris.batch(ms(160)).retained()).isEmpty();
  }

  @Test
  void theWindowMustBePositive() {
    assertThatThrownBy(() -> new WeatherWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
