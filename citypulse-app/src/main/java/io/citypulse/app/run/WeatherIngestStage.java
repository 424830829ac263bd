package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.sources.weather.WeatherSettings;
import java.util.List;

/** Polls the weather sources and publishes their observations. */
record WeatherIngestStage(
    List<WeatherSettings> sources, String weatherTopic, String deadLetterTopic) implements Stage {
  static final Key<WeatherIngest> INGEST = Key.named("weather ingest");

  @Override
  public Running start(StageContext context) {
    WeatherIngest ingest = WeatherIngest.start(
        sources,
        weatherTopic,
        deadLetterTopic,
        context.get(BrokerStage.BOOTSTRAP),
        context.get(MetricsStage.COUNTERS));
    for (int i = 0; i < sources.size(); i++) {
      int index = i;
      context
          .get(MetricsStage.HEALTH)
          .addWeather(
              sources.get(i).interval(), () -> ingest.status().get(index), ingest.counters(index));
    }
    context.provide(INGEST, ingest);
    return ingest::close;
  }
}
