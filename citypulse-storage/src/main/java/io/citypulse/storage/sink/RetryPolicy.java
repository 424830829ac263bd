package io.citypulse.storage.sink;

import java.io.Serializable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * How long a writer keeps retrying while PostgreSQL is unreachable: exponential backoff from
 * {@code firstDelay} up to {@code maxDelay}, giving up once {@code giveUpAfter} has passed.
 */
public record RetryPolicy(Duration firstDelay, Duration maxDelay, Duration giveUpAfter)
    implements Serializable {

  /** 200 ms doubling to 10 s, for up to 5 minutes: a server restart or a short outage. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(5));

  /**
   * SQLStates that mean "the server went away or is not ready yet", beside class 08 (connection
   * exception): 57P01 admin_shutdown and 57P02 crash_shutdown end open sessions when the server
   * stops; 57P03 cannot_connect_now answers while it starts up.
   */
  private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

  public RetryPolicy {
    if (firstDelay.isNegative()
        || firstDelay.isZero()
        || maxDelay.compareTo(firstDelay) < 0
        || giveUpAfter.isNegative()) {
      throw new IllegalArgumentException(
          "need 0 < firstDelay <= maxDelay and giveUpAfter >= 0: " + this);
    }
  }

  /** The pause before retry number {@code attempt} (1 = the first retry). */
  public Duration delayBefore(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1: " + attempt);
    }
    int doublings = Math.min(attempt - 1, 30);
    long millis = firstDelay.toMillis() << doublings;
    return millis >= maxDelay.toMillis() || millis <= 0 ? maxDelay : Duration.ofMillis(millis);
  }

  /** True when the failure (or one of its causes) is a lost or refused connection. */
  public static boolean isConnectionLoss(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          String state = e.getSQLState();
          if (state != null && (state.startsWith("08") || SERVER_UNAVAILABLE.contains(state))) {
            return true;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
