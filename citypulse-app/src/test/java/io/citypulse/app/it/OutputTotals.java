package io.citypulse.app.it;

import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The per-postcode output of a pipeline under test, compared with independently computed totals. */
final class OutputTotals {
  private OutputTotals() {}

  /**
   * The latest record of every postcode with stations on {@code topic}, each turned into the
   * caller's totals, once they equal {@code expected} or when {@code wait} is over (the caller's
   * {@code isEqualTo} then shows which postcodes differ). Postcodes left with no station are left
   * out, as a reader of the compacted topic drops them.
   */
  static <T> Map<String, T> awaitEqual(
      EmbeddedKafka kafka,
      String topic,
      Map<String, T> expected,
      Function<PostcodeAvailability, T> totals,
      Duration wait) {
    Map<String, T> seen = new TreeMap<>();
    try {
      kafka.latestByKey(
          topic,
          latest -> {
            Map<String, T> byPostcode = new HashMap<>();
            latest.forEach((postcode, json) -> {
              PostcodeAvailability a = Json.read(json, PostcodeAvailability.class);
              if (a.stations() > 0) {
                byPostcode.put(postcode, totals.apply(a));
              }
            });
            seen.clear();
            seen.putAll(byPostcode);
            return byPostcode.equals(expected);
          },
          wait);
    } catch (AssertionError timedOut) {
      // Fall through: the caller's assertion shows the difference.
    }
    return seen;
  }
}
