package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.sources.postcode.GeocoderCircuit.Admission;
import io.citypulse.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeocoderCircuitTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-10-18T09:00:00Z"));
  private final GeocoderCircuit circuit =
      new GeocoderCircuit(Duration.ofSeconds(30), Duration.ofMinutes(2), clock);

  private void failInARow(int times) {
    for (int i = 0; i < times; i++) {
      circuit.onFailure("HTTP 503");
    }
  }

  @Test
  void opensAfterThreeFailuresInARowNotAfterTwoSeparatedByAnAnswer() {
    failInARow(2);
    circuit.onAnswer();
    failInARow(2);
    assertThat(circuit.admit()).isEqualTo(Admission.GO);

    assertThat(circuit.onFailure("timeout")).as("this one opens it").isTrue();
    assertThat(circuit.admit()).isEqualTo(Admission.WAIT);
    assertThat(circuit.isClosed()).isFalse();
    assertThat(circuit.retryAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(circuit.lastFailure()).isEqualTo("timeout");
  }

  @Test
  void letsOneProbeThroughAfterTheBackoffWhichDoublesUpToItsMaximum() {
    failInARow(3);
    clock.advance(Duration.ofSeconds(30));

    assertThat(circuit.admit()).isEqualTo(Admission.PROBE);
    assertThat(circuit.admit()).as("one probe at a time").isEqualTo(Admission.WAIT);
    assertThat(circuit.isProbing()).isTrue();
    assertThat(circuit.onFailure("refused")).as("the same outage goes on").isFalse();
    assertThat(circuit.isOpen()).isTrue();
    assertThat(circuit.retryAt()).isEqualTo(clock.instant().plusSeconds(60));

    clock.advance(Duration.ofSeconds(60));
    circuit.admit();
    circuit.onFailure("refused");
    clock.advance(Duration.ofMinutes(2));
    circuit.admit();
    circuit.onFailure("refused");
    assertThat(circuit.retryAt())
        .as("capped")
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
  }

  @Test
  void anAnswerClosesItAndSaysItWasOpen() {
    failInARow(3);
    assertThat(circuit.onFailure("late failure of a request sent before")).isFalse();
    clock.advance(Duration.ofSeconds(30));
    circuit.admit();

    assertThat(circuit.onAnswer()).isTrue();
    assertThat(circuit.admit()).isEqualTo(Admission.GO);
    assertThat(circuit.retryAt()).isNull();
    assertThat(circuit.onAnswer()).as("already closed").isFalse();
    failInARow(2);
    assertThat(circuit.isClosed()).as("the count started again").isTrue();
  }

  @Test
  void aRateLimitedProbeWaitsForRetryAfter() {
    failInARow(3);
    clock.advance(Duration.ofSeconds(30));
    circuit.admit();

    circuit.onRateLimited(clock.instant().plusSeconds(300));

    assertThat(circuit.isProbing()).isFalse();
    assertThat(circuit.retryAt()).isEqualTo(clock.instant().plusSeconds(300));
    clock.advance(Duration.ofSeconds(299));
    assertThat(circuit.admit()).isEqualTo(Admission.WAIT);
    clock.advance(Duration.ofSeconds(1));
    assertThat(circuit.admit()).isEqualTo(Admission.PROBE);
  }
}
