package io.citypulse.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.forecast.StationState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentStatesTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration QUARTER = Duration.ofMinutes(15);

  private static StationState state(long minute, int bikes) {
    return new StationState(minute * 60, bikes, 10 - bikes, 10, -1, -1);
  }

  @Test
  void keepsChangesOnlyAndIgnoresLateStates() {
    RecentStates recent = RecentStates.empty();
    assertThat(recent.add(state(0, 3))).isTrue();
    assertThat(recent.add(state(1, 3))).as("a re-poll with the same counts").isFalse();
    assertThat(recent.add(state(2, 4))).isTrue();
    assertThat(recent.add(state(1, 9))).as("late").isFalse();
    assertThat(recent.states()).containsExactly(state(0, 3), state(2, 4));
  }

  @Test
  void keepsTheLastStateAtOrBeforeTheLookback() {
    RecentStates recent = RecentStates.empty();
    recent.add(state(0, 1));
    recent.add(state(30, 2));
    recent.add(state(50, 3));
    recent.add(state(95, 4));

    recent.trim(95 * 60, HOUR);

    // 95 - 60 = 35: the state at 30 still holds then; the one at 0 is not needed
    assertThat(recent.states()).containsExactly(state(30, 2), state(50, 3), state(95, 4));
    assertThat(recent.station("velib:1").bikesAt(35 * 60)).isEqualTo(2);
  }

  @Test
  void aForecastIsDueOnAChangeOrWhenTheLastOneIsOld() {
    RecentStates recent = RecentStates.empty();
    assertThat(recent.forecastDue(0, QUARTER)).as("nothing known").isFalse();
    recent.add(state(0, 1));
    assertThat(recent.forecastDue(0, QUARTER)).isTrue();
    recent.forecastMade(0);
    recent.add(state(5, 1));
    assertThat(recent.forecastDue(5 * 60, QUARTER)).as("no change, 5 min later").isFalse();
    assertThat(recent.forecastDue(15 * 60, QUARTER)).as("15 min later").isTrue();
    recent.add(state(6, 2));
    assertThat(recent.forecastDue(6 * 60, QUARTER)).as("changed").isTrue();
  }

  @Test
  void survivesEncoding() {
    RecentStates recent = RecentStates.empty();
    recent.add(new StationState(100, 1, 2, 3, 1, 0));
    recent.add(new StationState(200, 2, 1, 3, 1, 1));
    recent.forecastMade(200);
    recent.add(new StationState(300, 3, 0, 3, 2, 1));

    RecentStates copy = RecentStates.decode(recent.encode());

    assertThat(copy.states()).isEqualTo(recent.states());
    assertThat(copy.forecastDue(301, QUARTER))
        .as("the change after the forecast")
        .isTrue();
    copy.forecastMade(301);
    assertThat(RecentStates.decode(copy.encode()).forecastDue(400, QUARTER)).isFalse();
    assertThat(RecentStates.decode(new byte[] {99}).states())
        .as("a later format")
        .isEmpty();
  }
}
