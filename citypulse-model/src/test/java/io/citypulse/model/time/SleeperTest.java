package io.citypulse.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {

  @Test
  void theSystemSleeperAndALambdaSurviveJavaSerialization() throws Exception {
    // Storage sinks holding a Sleeper are shipped to Spark executors.
    assertThat(roundTrip(Sleeper.SYSTEM)).isNotNull();
    Sleeper recording = d -> {};
    assertThat(roundTrip(recording)).isNotNull();
  }

  @Test
  void zeroAndNegativeWaitsReturnAtOnce() throws InterruptedException {
    long start = System.nanoTime();
    Sleeper.SYSTEM.sleep(Duration.ZERO);
    Sleeper.SYSTEM.sleep(Duration.ofSeconds(-5));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aPendingInterruptIsReportedEvenForAZeroWait() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(Duration.ZERO))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted())
        .as("the flag is consumed, as Thread.sleep does")
        .isFalse();
  }

  private static Sleeper roundTrip(Sleeper sleeper) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sleeper);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Sleeper) in.readObject();
    }
  }
}
