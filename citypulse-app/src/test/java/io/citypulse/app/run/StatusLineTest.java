package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeAvailability;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  private static final Instant NOW = Instant.parse("2026-11-24T08:15:30Z");

  @Test
  void aHealthyRunShowsPollsRecordsSparkAndTheLastAggregate() {
    String line = StatusLine.format(NOW,
        Map.of("polls.ok", 12L, "records.published", 40L, "records.unchanged", 3L),
        new PostcodeAvailability("75116", "Paris", 2, 9, 5, 4, 27, 36, NOW), 7, 0,
        Duration.ofSeconds(3), 0);

    assertThat(line).isEqualTo("08:15:30 UTC | polls 12 ok (last 3s ago) | published 40, unchanged 3"
        + " | spark batches 7, lag 0 | last 75116: 9 bikes (5 mechanical, 4 electric) in 2 stations");
  }

  @Test
  void problemsAreShownOnlyWhenThereAreSome() {
    String line = StatusLine.format(NOW,
        Map.of("polls.ok", 1L, "polls.failed", 2L, "dead_letters", 1L, "postcode.unknown", 4L),
        null, 0, -1, null, 3);

    assertThat(line).isEqualTo("08:15:30 UTC | polls 1 ok, 2 failed | published 0, unchanged 0,"
        + " dead letters 1, postcode unknown 4 | spark batches 0, lag ?, rejected 3 | no aggregate yet");
  }
}
