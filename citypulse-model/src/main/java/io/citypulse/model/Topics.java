package io.citypulse.model;

/** Default topic names; every one can be renamed in config ({@code topics.*}). */
public final class Topics {
  private Topics() {}

  /** Enriched station states, keyed by {@link StationKey}, compacted. */
  public static final String STATIONS = "velib-projet";

  /**
   * Per-area availability, compacted: keyed by postcode (or cell) for one system, by {@code
   * system:area} when several systems run at once.
   */
  public static final String POSTCODE_AVAILABILITY = "velib-projet-final-data";

  /** One total per system ({@link SystemTotals}), keyed by system, when several systems run. */
  public static final String SYSTEM_TOTALS = "citypulse-system-totals";

  /** Normalised weather observations ({@link WeatherObservation}), keyed by {@code source:location} ({@link WeatherKey}). */
  public static final String WEATHER = "topic-weather";

  /** Observations with derived variables ({@link WeatherFeatures}), keyed by {@code source:location} ({@link WeatherKey}). */
  public static final String WEATHER_FEATURES = "topic-weather-final";

  /** Feed bodies and records that could not be parsed, with the reason in headers. */
  public static final String DEAD_LETTERS = "citypulse-dead-letters";

  /** Health reports of running pipelines (their pollers and Spark jobs), for dashboards elsewhere. */
  public static final String HEALTH = "citypulse-health";

  /** Forecasts of each changed station ({@link StationForecastRecord}), keyed by {@link StationKey}, compacted. */
  public static final String FORECASTS = "citypulse-forecasts";

  /**
   * Alert records ({@code io.citypulse.alerts.Alert}: raised, then cleared, per episode), keyed by
   * subject ({@code station:<system>:<code>}, {@code postcode:<code>}, {@code weather:<location>},
   * {@code feed:<name>}, {@code job:<name>}).
   */
  public static final String ALERTS = "citypulse-alerts";
}
