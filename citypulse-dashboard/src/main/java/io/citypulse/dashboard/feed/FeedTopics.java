package io.citypulse.dashboard.feed;

import io.citypulse.dashboard.state.Kind;
import io.citypulse.model.Topics;
import java.util.List;

/** The topic read for each {@link Kind}; every name can be renamed in config. */
public record FeedTopics(String stations, String postcodes, String weather, String forecasts) {

  /** The project's default names ({@link Topics}). */
  public static FeedTopics defaults() {
    return new FeedTopics(
        Topics.STATIONS, Topics.POSTCODE_AVAILABILITY, Topics.WEATHER_FEATURES, Topics.FORECASTS);
  }

  /** The three result topics named, forecasts read from their default topic. */
  public FeedTopics(String stations, String postcodes, String weather) {
    this(stations, postcodes, weather, Topics.FORECASTS);
  }

  public List<String> all() {
    return List.of(stations, postcodes, weather, forecasts);
  }

  /** The kind read from {@code topic}; the names must be distinct. */
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
    if (topic.equals(forecasts)) {
      return Kind.FORECAST;
    }
    throw new IllegalArgumentException("not a dashboard topic: " + topic);
  }

  public FeedTopics {
    if (List.of(stations, postcodes, weather, forecasts).stream().distinct().count() != 4) {
      throw new IllegalArgumentException("the dashboard's topics must differ: " + stations + ", "
          + postcodes + ", " + weather + ", " + forecasts);
    }
  }
}
