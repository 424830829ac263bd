package io.citypulse.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import io.citypulse.testkit.MutableClock;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delaysDoubleUpToTheMaximum() {
    RetryPolicy policy =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(5));
    assertThat(List.of(1, 2, 3, 4, 50).stream().map(policy::delayBefore).map(Duration::toMillis))
        .containsExactly(100L, 200L, 400L, 700L, 700L);
    assertThatThrownBy(() -> policy.delayBefore(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connectionLossIsClass08OrAServerShutdownAnywhereInTheCauses() {
    assertThat(RetryPolicy.isConnectionLoss(new SQLException("refused", "08001")))
        .isTrue();
    assertThat(RetryPolicy.isConnectionLoss(new SQLException("terminating connection", "57P01")))
        .isTrue();
    assertThat(RetryPolicy.isConnectionLoss(new SQLException("starting up", "57P03")))
        .isTrue();
    assertThat(RetryPolicy.isConnectionLoss(new RuntimeException(new SQLException("io", "08006"))))
        .isTrue();
    SQLException batch = new SQLException("batch entry 0 aborted", "08006");
    SQLException wrapper = new SQLException("batch failed", (String) null);
    wrapper.setNextException(batch);
    assertThat(RetryPolicy.isConnectionLoss(wrapper)).isTrue();

    assertThat(RetryPolicy.isConnectionLoss(new SQLException("unique violation", "23505")))
        .isFalse();
    assertThat(RetryPolicy.isConnectionLoss(new SQLException("no state"))).isFalse();
    assertThat(RetryPolicy.isConnectionLoss(new IllegalStateException("x"))).isFalse();
  }

  @Test
  void aWriterGivesUpAfterTheConfiguredTimeWithAClearError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // nothing listens there once closed: connection refused, 08001
    }
    // The fake sleeper moves the clock forward.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<Duration> sleeps = new ArrayList<>();
    RetryPolicy policy =
        new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(10));
    JdbcTarget target = new JdbcTarget(
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "postgres", "secret");
    try (JdbcBatchWriter<io.citypulse.model.PostcodeAvailability> writer =
        new JdbcBatchWriter<>(target, RecordTables.POSTCODES, policy, clock, d -> {
          sleeps.add(d);
          clock.advance(d);
        })) {
      assertThatThrownBy(
              () -> writer.write("postcodes", 3, List.of(Records.postcode("75001", 5, Records.T0))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(
              "unreachable for 11 s (5 attempts): gave up writing postcode availability batch 3")
          .hasMessageContaining("SQLState 08001")
          .hasMessageNotContaining("secret");
    }
    assertThat(sleeps).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 4L);
  }
}
