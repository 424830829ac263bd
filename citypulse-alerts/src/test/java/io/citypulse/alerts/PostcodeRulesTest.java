package io.citypulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeAvailability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostcodeRulesTest {
  private static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
  // 5 bikes or 10 % of capacity, whichever is larger; clears at once 3 bikes above it.
  private static final AlertRules RULES = new AlertSettings(
          Duration.ofMinutes(10), Duration.ofMinutes(5), 3, 5, 0.1, 40, 8, "")
      .rules();

  private SubjectState state = SubjectState.empty();
  private final List<String> script = new ArrayList<>();

  private void postcode(int minutes, long bikes, long capacity) {
    PostcodeAvailability p = new PostcodeAvailability(
        "75116",
        "Paris",
        4,
        bikes,
        null,
        null,
        capacity - bikes,
        capacity,
        T0.plus(Duration.ofMinutes(minutes)),
        bikes);
    SubjectState.Outcome outcome = RULES.postcode(state, p);
    state = outcome.state();
    for (Alert a : outcome.alerts()) {
      assertThat(a.subject()).isEqualTo("postcode:75116");
      script.add(a.state().id() + " " + a.kind().id() + " " + a.rule() + " at="
          + Duration.between(T0, a.at()).toMinutes() + " bikes="
          + a.values().get("bikes_available"));
    }
  }

  @Test
  void theThresholdIsTheLargerOfTheCountAndTheShareOfCapacity() {
    PostcodeRules rules =
        new PostcodeRules(new EpisodeRules(Duration.ZERO, Duration.ZERO), 5, 0.1, 3);
    assertThat(rules.threshold(20)).isEqualTo(5);
    assertThat(rules.threshold(100)).isEqualTo(10);
    assertThat(rules.threshold(101)).isEqualTo(11);
    assertThat(rules.threshold(0)).isEqualTo(5);
  }

  @Test
  void lowBikesRaiseAfterTheMinimumDurationAndClearWithTheHysteresis() {
    postcode(0, 9, 100);
    postcode(6, 4, 100);
    postcode(11, 9, 100);
    postcode(13, 12, 100); // above the threshold, under the margin: recovering
    postcode(15, 8, 100); // back below: still the same episode
    postcode(17, 12, 100);
    postcode(19, 13, 100); // threshold + margin: clears at once
    postcode(40, 9, 100);
    assertThat(script)
        .containsExactly(
            "raised postcode_low_bikes bikes_available<10 at=10 bikes=4.0",
            "cleared postcode_low_bikes bikes_available<10 at=19 bikes=13.0");
  }

  @Test
  void theUnknownBucketIsNoPlace() {
    PostcodeAvailability unknown =
        new PostcodeAvailability("UNKNOWN", null, 3, 0, null, null, 0, 30, T0, 0L);
    assertThat(RULES.postcode(SubjectState.empty(), unknown).state().hasEpisodes())
        .isFalse();
  }
}
