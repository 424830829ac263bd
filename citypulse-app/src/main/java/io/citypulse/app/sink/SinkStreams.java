package io.citypulse.app.sink;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.util.List;
import java.util.Map;

/** The record type of each result stream a sink reads. */
public final class SinkStreams {
  private static final Map<String, Class<?>> TYPES = Map.of(
      "stations", StationRecord.class,
      "postcodes", PostcodeAvailability.class,
      "weather", WeatherFeatures.class,
      // The alert records (issue 20), which the webhook sink reads.
      "alerts", io.citypulse.alerts.Alert.class);

  /** The streams in the order status lines list them. */
  private static final List<String> ORDER = List.of("stations", "postcodes", "weather", "alerts");

  private SinkStreams() {}

  /** A stream's place in {@link #ORDER}; unknown ones last. */
  static int rank(String stream) {
    int at = ORDER.indexOf(stream);
    return at < 0 ? Integer.MAX_VALUE : at;
  }

  /**
   * @throws IllegalArgumentException for a stream no sink reads
   */
  public static Class<?> type(String stream) {
    Class<?> type = TYPES.get(stream);
    if (type == null) {
      throw new IllegalArgumentException("no result stream named '" + stream + "'");
    }
    return type;
  }
}
