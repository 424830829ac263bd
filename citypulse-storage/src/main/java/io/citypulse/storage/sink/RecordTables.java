package io.citypulse.storage.sink;

import static java.sql.Types.BIGINT;
import static java.sql.Types.BOOLEAN;
import static java.sql.Types.DOUBLE;
import static java.sql.Types.INTEGER;
import static java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
import static java.sql.Types.VARCHAR;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Instant;
import java.util.List;

/** The tables of the three result streams (schema in migrations V1 to V4). */
public final class RecordTables {
  private RecordTables() {}

  /**
   * Per-postcode availability, keyed by system and postcode (the system '' for a run of one
   * system, whose records name none), in time by updated_at.
   */
  public static final RecordTable<PostcodeAvailability> POSTCODES = new RecordTable<>(
      "postcode availability",
      "postcode_availability_current",
      "postcode_availability_history",
      List.of("system", "postcode"),
      "updated_at",
      List.of(
          new Column<PostcodeAvailability>("system", VARCHAR, RecordTables::postcodeSystem),
          new Column<PostcodeAvailability>("postcode", VARCHAR, PostcodeAvailability::postcode),
          new Column<PostcodeAvailability>("commune", VARCHAR, PostcodeAvailability::commune),
          new Column<PostcodeAvailability>("stations", INTEGER, PostcodeAvailability::stations),
          new Column<PostcodeAvailability>(
              "bikes_available", BIGINT, PostcodeAvailability::bikesAvailable),
          new Column<PostcodeAvailability>("mechanical", BIGINT, PostcodeAvailability::mechanical),
          new Column<PostcodeAvailability>("ebike", BIGINT, PostcodeAvailability::ebike),
          new Column<PostcodeAvailability>(
              "docks_available", BIGINT, PostcodeAvailability::docksAvailable),
          new Column<PostcodeAvailability>("capacity", BIGINT, PostcodeAvailability::capacity),
          new Column<PostcodeAvailability>(
              "updated_at", TIMESTAMP_WITH_TIMEZONE, PostcodeAvailability::updatedAt),
          // Null for an unknown split (and an untyped count the record predates): bound as SQL
          // NULL.
          new Column<PostcodeAvailability>(
              "untyped_bikes", BIGINT, PostcodeAvailability::untypedBikes)),
      // updated_at is the freshest fetched_at of the postcode's stations, so two micro-batches
      // folding in different stations of one fetch emit the same time with different counts.
      true,
      r -> r.postcode() == null ? "no postcode" : r.updatedAt() == null ? "no updated_at" : null);

  /** Station states, keyed by system and station code, in time by last_reported. */
  public static final RecordTable<StationRecord> STATIONS = new RecordTable<>(
      "station states",
      "station_current",
      "station_history",
      List.of("system", "station_code"),
      "last_reported",
      List.of(
          new Column<StationRecord>("system", VARCHAR, StationRecord::system),
          new Column<StationRecord>("station_code", VARCHAR, StationRecord::stationCode),
          new Column<StationRecord>("station_id", VARCHAR, StationRecord::stationId),
          new Column<StationRecord>("name", VARCHAR, StationRecord::name),
          new Column<StationRecord>("lat", DOUBLE, StationRecord::lat),
          new Column<StationRecord>("lon", DOUBLE, StationRecord::lon),
          new Column<StationRecord>("capacity", INTEGER, StationRecord::capacity),
          new Column<StationRecord>("postcode", VARCHAR, StationRecord::postcode),
          new Column<StationRecord>("commune", VARCHAR, StationRecord::commune),
          new Column<StationRecord>("bikes_available", INTEGER, StationRecord::bikesAvailable),
          new Column<StationRecord>("mechanical", INTEGER, StationRecord::mechanical),
          new Column<StationRecord>("ebike", INTEGER, StationRecord::ebike),
          new Column<StationRecord>("docks_available", INTEGER, StationRecord::docksAvailable),
          new Column<StationRecord>("is_installed", BOOLEAN, StationRecord::installed),
          new Column<StationRecord>("is_renting", BOOLEAN, StationRecord::renting),
          new Column<StationRecord>("is_returning", BOOLEAN, StationRecord::returning),
          new Column<StationRecord>(
              "last_reported", TIMESTAMP_WITH_TIMEZONE, RecordTables::stationTime),
          new Column<StationRecord>(
              "fetched_at", TIMESTAMP_WITH_TIMEZONE, StationRecord::fetchedAt)),
      false,
      r -> r.system() == null
          ? "no system"
          : r.stationCode() == null
              ? "no station_code"
              : stationTime(r) == null ? "neither last_reported nor fetched_at" : null);

  /**
   * Weather features, keyed by source and location (the source '' for a record that names none),
   * in time by observed_at.
   */
  public static final RecordTable<WeatherFeatures> WEATHER = new RecordTable<>(
      "weather features",
      "weather_current",
      "weather_history",
      List.of("source", "location"),
      "observed_at",
      List.of(
          new Column<WeatherFeatures>("location", VARCHAR, WeatherFeatures::location),
          new Column<WeatherFeatures>("city", VARCHAR, WeatherFeatures::city),
          new Column<WeatherFeatures>("country", VARCHAR, WeatherFeatures::country),
          new Column<WeatherFeatures>("lat", DOUBLE, WeatherFeatures::lat),
          new Column<WeatherFeatures>("lon", DOUBLE, WeatherFeatures::lon),
          new Column<WeatherFeatures>(
              "observed_at", TIMESTAMP_WITH_TIMEZONE, WeatherFeatures::observedAt),
          new Column<WeatherFeatures>("local_time", VARCHAR, WeatherFeatures::localTime),
          new Column<WeatherFeatures>(
              "utc_offset_seconds", INTEGER, WeatherFeatures::utcOffsetSeconds),
          new Column<WeatherFeatures>("time_of_day", VARCHAR, WeatherFeatures::timeOfDay),
          new Column<WeatherFeatures>("source", VARCHAR, RecordTables::weatherSource),
          new Column<WeatherFeatures>("temperature_c", DOUBLE, WeatherFeatures::temperatureC),
          new Column<WeatherFeatures>("feels_like_c", DOUBLE, WeatherFeatures::feelsLikeC),
          new Column<WeatherFeatures>("humidity_pct", DOUBLE, WeatherFeatures::humidityPct),
          new Column<WeatherFeatures>("pressure_hpa", DOUBLE, WeatherFeatures::pressureHpa),
          new Column<WeatherFeatures>("wind_speed_ms", DOUBLE, WeatherFeatures::windSpeedMs),
          new Column<WeatherFeatures>(
              "wind_direction_deg", DOUBLE, WeatherFeatures::windDirectionDeg),
          new Column<WeatherFeatures>("wind_gust_ms", DOUBLE, WeatherFeatures::windGustMs),
          new Column<WeatherFeatures>("clouds_pct", DOUBLE, WeatherFeatures::cloudsPct),
          new Column<WeatherFeatures>("precipitation_mm", DOUBLE, WeatherFeatures::precipitationMm),
          new Column<WeatherFeatures>("weather_code", VARCHAR, WeatherFeatures::weatherCode),
          new Column<WeatherFeatures>(
              "weather_description", VARCHAR, WeatherFeatures::weatherDescription),
          new Column<WeatherFeatures>("heat_index", DOUBLE, WeatherFeatures::heatIndex),
          new Column<WeatherFeatures>("severity_index", DOUBLE, WeatherFeatures::severityIndex),
          new Column<WeatherFeatures>("dew_point_c", DOUBLE, WeatherFeatures::dewPointC),
          new Column<WeatherFeatures>(
              "humidex_category", VARCHAR, WeatherFeatures::humidexCategory),
          new Column<WeatherFeatures>("wind_chill_c", DOUBLE, WeatherFeatures::windChillC),
          new Column<WeatherFeatures>("beaufort", INTEGER, WeatherFeatures::beaufort),
          new Column<WeatherFeatures>(
              "temperature_change_1h", DOUBLE, WeatherFeatures::temperatureChange1h),
          new Column<WeatherFeatures>(
              "pressure_change_1h", DOUBLE, WeatherFeatures::pressureChange1h),
          new Column<WeatherFeatures>("observations_1h", INTEGER, WeatherFeatures::observations1h)),
      false,
      r -> r.location() == null ? "no location" : r.observedAt() == null ? "no observed_at" : null);

  /** The source column of a weather record: '' when the record names none. */
  static String weatherSource(WeatherFeatures r) {
    return r.source() == null ? "" : r.source();
  }

  /** The system column of a per-area record: '' when the record names none (one system). */
  static String postcodeSystem(PostcodeAvailability r) {
    return r.system() == null ? "" : r.system();
  }

  /** GBFS requires last_reported, but a feed without it still has a time: when we fetched it. */
  static Instant stationTime(StationRecord r) {
    return r.lastReported() != null ? r.lastReported() : r.fetchedAt();
  }
}
