/**
 * Weather features: {@code topic-weather} (WeatherObservation JSON keyed by location) to
 * {@code topic-weather-final} (WeatherFeatures JSON keyed by location), unreadable values to the
 * dead-letter topic.
 *
 * <p>Rules, in one place:
 * <ul>
 *   <li>Derived variables: {@link io.citypulse.jobs.weather.WeatherFormulas} (formula and source
 *       of each), rounded to 2 decimals; null when an input is missing or the value is undefined.
 *       Local time and time of day come from the observation's own {@code utc_offset_seconds},
 *       never from the JVM's or Spark's time zone.</li>
 *   <li>Event time = {@code observed_at}; watermark = newest observed_at seen (all locations)
 *       minus the allowed lateness (1 h by default). Observations at or behind it are dropped
 *       and counted as late.</li>
 *   <li>Trend, per location: {@code temperature_change_1h} / {@code pressure_change_1h} = value
 *       minus that of the earliest earlier observation in {@code [t − window, t)} that has the
 *       value (window 1 h by default), null if none; {@code observations_1h} = the observations
 *       in that interval plus this one. Only observations that precede it in event time count,
 *       so an out-of-order observation gets the values it would have had in order; records
 *       already emitted are never revised (append mode).</li>
 *   <li>Duplicates (same location and observed_at: re-polls, a replayed topic) emit nothing and
 *       are counted; the first one received is kept.</li>
 *   <li>A location's state holds its observations later than watermark − window and expires
 *       when the watermark passes its newest observation + window (a silence of window +
 *       lateness in event time). Expiry and late-row dropping run in batches that have data:
 *       {@code SparkSessions.local} turns no-data batches off.</li>
 *   <li>Rejected values (tombstone, malformed JSON, missing location or observed_at, offset beyond
 *       ±18 h) go to the dead-letter topic in the same query, with headers {@code reason},
 *       {@code detail}, {@code source}, {@code timestamp}; the driver logs a WARN line per batch.</li>
 * </ul>
 */
package io.citypulse.jobs.weather;
