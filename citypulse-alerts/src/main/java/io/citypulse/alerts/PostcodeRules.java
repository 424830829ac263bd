package io.citypulse.alerts;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The postcode rule on one {@code velib-projet-final-data} record: available bikes below a
 * threshold, the larger of {@code minBikes} and {@code minShare} of the postcode's capacity
 * (rounded up). Clears with the stations' hysteresis: out of the condition for clear-after, or at
 * once at {@code threshold + clearMargin} bikes. The {@code UNKNOWN} bucket (stations whose
 * postcode could not be placed) is no place: no check.
 */
public final class PostcodeRules {
  private final EpisodeRules rules;
  private final long minBikes;
  private final double minShare;
  private final int clearMargin;

  public PostcodeRules(EpisodeRules rules, long minBikes, double minShare, int clearMargin) {
    if (minBikes < 0 || !(minShare >= 0 && minShare <= 1)) {
      throw new IllegalArgumentException(
          "minBikes must be >= 0 and minShare in [0, 1]: " + minBikes + ", " + minShare);
    }
    this.rules = rules;
    this.minBikes = minBikes;
    this.minShare = minShare;
    this.clearMargin = clearMargin;
  }

  /** {@code postcode:<key>}: the postcode, or {@code system:postcode} with several systems. */
  public static String subject(PostcodeAvailability p) {
    return "postcode:" + p.key();
  }

  /** The threshold of a postcode of this capacity: below it, the postcode is low. */
  long threshold(long capacity) {
    return Math.max(minBikes, (long) Math.ceil(minShare * Math.max(0, capacity) - 1e-9));
  }

  public List<Check> checks(PostcodeAvailability p) {
    long threshold = threshold(p.capacity());
    if (threshold <= 0 || StationRecord.UNKNOWN_POSTCODE.equals(p.postcode())) {
      return List.of();
    }
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("bikes_available", (double) p.bikesAvailable());
    values.put("capacity", (double) p.capacity());
    values.put("threshold", (double) threshold);
    String place = p.commune() == null ? p.key() : p.key() + " " + p.commune();
    return List.of(new Check(
        AlertKind.POSTCODE_LOW_BIKES,
        "bikes_available<" + threshold,
        Severity.WARNING,
        rules,
        p.bikesAvailable() < threshold,
        p.bikesAvailable() >= threshold + clearMargin,
        values,
        place + ": " + p.bikesAvailable() + " bikes (below " + threshold + ") for at least "
            + Durations.text(rules.minDuration()),
        place + ": " + p.bikesAvailable() + " bikes again"));
  }
}
