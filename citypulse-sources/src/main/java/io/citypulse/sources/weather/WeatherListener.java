package io.citypulse.sources.weather;

import io.citypulse.model.WeatherObservation;

/** Receives each new, valid observation ({@link WeatherPublisher} sends it to Kafka). */
@FunctionalInterface
public interface WeatherListener {

  /** May throw: the poller counts it and offers the same observation again at the next poll. */
  void onObservation(WeatherObservation observation);
}
