/**
 * Current weather for configured locations, from OpenWeatherMap, Open-Meteo, Tomorrow.io or a
 * deterministic generator, normalised to {@link io.citypulse.model.WeatherObservation} and
 * published to {@code topic-weather} keyed by location.
 *
 * <ul>
 *   <li>Locations: {@link io.citypulse.sources.weather.WeatherLocations} (specs and the
 *       {@code brief}/{@code senegal} presets).
 *   <li>Parsing, pure: {@link io.citypulse.sources.weather.OpenWeatherMapParser},
 *       {@link io.citypulse.sources.weather.OpenMeteoParser},
 *       {@link io.citypulse.sources.weather.OpenMeteoGeocoding},
 *       {@link io.citypulse.sources.weather.TomorrowIoParser}; checks:
 *       {@link io.citypulse.sources.weather.WeatherValidator}.
 *   <li>I/O: {@link io.citypulse.sources.weather.HttpWeatherSource} (rate limit, HTTP outcomes,
 *       key redaction) or {@link io.citypulse.sources.weather.WeatherGenerator}.
 *   <li>Schedule and newness: {@link io.citypulse.sources.weather.WeatherPoller}; Kafka:
 *       {@link io.citypulse.sources.weather.WeatherPublisher}.
 *   <li>Wiring: {@link io.citypulse.sources.weather.WeatherSettings} and
 *       {@link io.citypulse.sources.weather.WeatherSources}.
 * </ul>
 */
package io.citypulse.sources.weather;
