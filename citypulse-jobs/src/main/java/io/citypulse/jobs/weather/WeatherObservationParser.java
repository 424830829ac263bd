package io.citypulse.jobs.weather;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import java.io.IOException;

/**
 * Reads one {@code topic-weather} value (WeatherObservation JSON) with the project's mapper
 * ({@link Json}), and says why when it cannot be used. Never throws.
 */
public final class WeatherObservationParser {
  private WeatherObservationParser() {}

  /** Rejection reasons: the {@code reason} header of the dead letter. */
  public static final String TOMBSTONE = "tombstone";

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String MISSING_LOCATION = "missing_location";
  public static final String MISSING_OBSERVED_AT = "missing_observed_at";
  public static final String INVALID_UTC_OFFSET = "invalid_utc_offset";

  /** Details are for people reading the dead letter, not a second payload. */
  static final int MAX_DETAIL_CHARS = 300;

  /**
   * Json's mapper, plus: text after the object is an error (Jackson ignores it by default, so
   * {@code {...}garbage} would pass as valid).
   */
  private static final ObjectReader READER = Json.MAPPER
      .readerFor(WeatherObservation.class)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Either an observation or a rejection.
   *
   * @param observation null when rejected
   * @param rejection null when valid, else one of the reason constants
   * @param detail what exactly was wrong (the parser's message), null when valid
   */
  public record Parsed(WeatherObservation observation, String rejection, String detail) {
    static Parsed valid(WeatherObservation observation) {
      return new Parsed(observation, null, null);
    }

    static Parsed rejected(String rejection, String detail) {
      return new Parsed(null, rejection, detail);
    }

    public boolean isValid() {
      return rejection == null;
    }
  }

  /**
   * Parses a Kafka value. Rules: a null value is a {@value #TOMBSTONE}; a value that is not a
   * JSON object, has trailing text or a field of the wrong type (e.g. {@code "temperature_c":
   * "hot"}) is {@value #MALFORMED_JSON} (unknown fields are ignored: {@link Json}); a missing or
   * blank {@code location} is {@value #MISSING_LOCATION}; a missing {@code observed_at}
   * {@value #MISSING_OBSERVED_AT} (it is the event time); a {@code utc_offset_seconds} beyond
   * ±18 h {@value #INVALID_UTC_OFFSET}. A missing offset is accepted (local time and time of day
   * are then null), as are missing measurements (the values derived from them are null).
   */
  public static Parsed parse(byte[] value) {
    if (value == null) {
      return Parsed.rejected(TOMBSTONE, "null value");
    }
    WeatherObservation observation;
    try {
      observation = READER.readValue(value);
    } catch (IOException | RuntimeException e) {
      return Parsed.rejected(MALFORMED_JSON, firstLine(e.getMessage()));
    }
    if (observation == null) {
      return Parsed.rejected(MALFORMED_JSON, "not a JSON object");
    }
    if (observation.location() == null || observation.location().isBlank()) {
      return Parsed.rejected(MISSING_LOCATION, "no location");
    }
    if (observation.observedAt() == null) {
      return Parsed.rejected(MISSING_OBSERVED_AT, "no observed_at for " + observation.location());
    }
    Integer offset = observation.utcOffsetSeconds();
    if (offset != null && Math.abs(offset) > WeatherFormulas.MAX_UTC_OFFSET_SECONDS) {
      return Parsed.rejected(
          INVALID_UTC_OFFSET,
          "utc_offset_seconds " + offset + " beyond ±18 h for " + observation.location());
    }
    return Parsed.valid(observation);
  }

  /** Jackson's messages append the source location on further lines; keep the first. */
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= MAX_DETAIL_CHARS ? line : line.substring(0, MAX_DETAIL_CHARS) + "...";
  }
}
