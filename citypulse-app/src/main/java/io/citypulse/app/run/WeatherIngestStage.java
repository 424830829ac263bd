package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.sources.weather.WeatherSettings;

/** Polls the weather source and publishes its observations. */
record WeatherIngestStage(WeatherSettings weather, String weatherTopic, String deadLetterTopic)
    implements Stage {
  static final Key<WeatherIngest> INGEST = Key.named("weather ingest");

  @Override
  public Running start(StageContext context) {
    WeatherIngest ingest = WeatherIngest.start(
        weather,
        weatherTopic,
        deadLetterTopic,
        context.get(BrokerStage.BOOTSTRAP),
        context.get(MetricsStage.COUNTERS));
    context.get(MetricsStage.HEALTH).addWeather(weather.interval(), ingest::status);
    context.provide(INGEST, ingest);
    return ingest::close;
  }
}
