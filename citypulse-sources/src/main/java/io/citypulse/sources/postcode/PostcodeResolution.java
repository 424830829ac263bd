package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation.Source;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the postcodes of the stations seen so far stand, now: a snapshot for the status line,
 * {@code /api/health} and {@code /metrics}, not cumulative counters. Each station is counted
 * once, under its current answer.
 *
 * @param pending stations held back while they wait for the geocoder (at most
 *     {@code postcodes.pending-timeout})
 * @param resolvedBySource stations with a postcode, by where it came from (feed, table, geocoder)
 * @param unknownByReason stations published under {@code UNKNOWN}, by reason
 * @param geocoder the reverse geocoder's state
 * @param geocoderRetryAt when the geocoder is asked again while it is {@link GeocoderState#OPEN}
 *     or {@link GeocoderState#RATE_LIMITED}; null otherwise
 */
public record PostcodeResolution(
    int pending,
    Map<Source, Integer> resolvedBySource,
    Map<UnknownReason, Integer> unknownByReason,
    GeocoderState geocoder,
    Instant geocoderRetryAt) {

  /** The reverse geocoder as the resolver sees it. */
  public enum GeocoderState {
    /** Switched off ({@code --no-geocoder}). */
    OFF,
    /** Requests go out. */
    OK,
    /** Paused by the service's 429 until its {@code Retry-After}. */
    RATE_LIMITED,
    /** Failed several times in a row: no request until the next probe. */
    OPEN,
    /** One probe request is out; the others wait for its answer. */
    PROBING;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Nothing seen yet. */
  public static final PostcodeResolution NONE =
      new PostcodeResolution(0, Map.of(), Map.of(), GeocoderState.OFF, null);

  public PostcodeResolution {
    resolvedBySource = Collections.unmodifiableMap(copy(resolvedBySource, Source.class));
    unknownByReason = Collections.unmodifiableMap(copy(unknownByReason, UnknownReason.class));
  }

  /** Stations with a postcode. */
  public int resolved() {
    return resolvedBySource.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Stations published under {@code UNKNOWN}, whatever the reason. */
  public int unknown() {
    return unknownByReason.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Stations under {@code UNKNOWN} for this reason (0 when none). */
  public int unknown(UnknownReason reason) {
    return unknownByReason.getOrDefault(reason, 0);
  }

  /** Stations placed by this source (0 when none). */
  public int resolved(Source source) {
    return resolvedBySource.getOrDefault(source, 0);
  }

  private static <K extends Enum<K>> Map<K, Integer> copy(Map<K, Integer> map, Class<K> type) {
    EnumMap<K, Integer> sorted = new EnumMap<>(type);
    if (map != null) {
      map.forEach((key, count) -> {
        if (count != null && count > 0) {
          sorted.put(key, count);
        }
      });
    }
    return sorted;
  }
}
