package io.citypulse.dashboard.feed;

import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Topics;
import java.util.List;

/** The topic read for each {@link Kind}; every name can be renamed in config. */
public record FeedTopics(String stations, String postcodes, String weather) {

  /** The project's default names ({@link Topics}). */
  public static FeedTopics defaults() {
    return new FeedTopics(Topics.STATIONS, Topics.POSTCODE_AVAILABILITY, Topics.WEATHER_FEATURES);
  }

  public List<String> all() {
    return List.of(stations, postcodes, weather);
  }

  /** The kind read from {@code topic}; the three names must be distinct. */
  public Kind kindOf(String topic) {
    if (topic.equals(stations)) {
      return Kind.STATION;
    }
    if (topic.equals(postcodes)) {
      return Kind.POSTCODE;
    }
    if (topic.equals(weather)) {
      return Kind.WEATHER;
    }
    throw new IllegalArgumentException("not a dashboard topic: " + topic);
  }

  public FeedTopics {
    if (List.of(stations, postcodes, weather).stream().distinct().count() != 3) {
      throw new IllegalArgumentException("the dashboard's three topics must differ: " + stations
          + ", " + postcodes + ", " + weather);
    }
  }
}
