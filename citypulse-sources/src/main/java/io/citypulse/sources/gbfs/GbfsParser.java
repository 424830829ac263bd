package io.citypulse.sources.gbfs;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;

/**
 * Reads GBFS 1.x, 2.x, 3.0 and Vélib' feed bodies into model records. Pure: bytes in, records
 * out. A body that cannot be read is a {@link FeedParseException}; one bad station is a
 * {@link RejectedItem} and the others are still read.
 *
 * <p>Station feeds are read in one pass: {@code station_status} over its bytes
 * ({@link StationFeedScanner}), {@code station_information} over Jackson's tokens
 * ({@link StationFeedStream}). The rules, reasons and messages are those of
 * {@link GbfsTreeReader}, which reads whatever the fast paths leave. Why station_status is not
 * read over Jackson's tokens too: measured twice as slow, see the package Javadoc.
 */
public final class GbfsParser {
  private GbfsParser() {}

  public static final String STATION_INFORMATION = "station_information";
  public static final String STATION_STATUS = "station_status";
  public static final String VEHICLE_TYPES = "vehicle_types";

  /** Reads {@code station_information.json}; {@code language} picks among GBFS 3.0 localized names. */
  public static FeedSnapshot<StationInformation> stationInformation(byte[] body, String language)
      throws FeedParseException {
    return StationFeedStream.read(
        STATION_INFORMATION,
        body,
        new InformationStreamReader(language),
        entry -> GbfsTreeReader.information(entry, language));
  }

  /**
   * Reads {@code station_status.json}; {@code types} maps GBFS 2.1+ {@code vehicle_types_available}
   * to mechanical/ebike ({@link VehicleTypes#NONE} when the system lists none).
   */
  public static FeedSnapshot<StationStatus> stationStatus(byte[] body, VehicleTypes types)
      throws FeedParseException {
    VehicleTypes known = types == null ? VehicleTypes.NONE : types;
    FeedSnapshot<StationStatus> snapshot = scanStatus(body, known);
    return snapshot != null
        ? snapshot
        : GbfsTreeReader.stations(
            STATION_STATUS, body, entry -> GbfsTreeReader.status(entry, known));
  }

  /** station_status read over its bytes; null when the body is left to the tree rules. */
  static FeedSnapshot<StationStatus> scanStatus(byte[] body, VehicleTypes types)
      throws FeedParseException {
    if (body == null || body.length == 0) {
      return null;
    }
    return StationFeedScanner.scan(
        STATION_STATUS,
        new StatusEntryScanner(body, types),
        entry -> GbfsTreeReader.status(entry, types));
  }

  /** Reads {@code vehicle_types.json} (GBFS 2.1+): a few entries, read through a tree. */
  public static FeedSnapshot<VehicleType> vehicleTypes(byte[] body) throws FeedParseException {
    return GbfsTreeReader.vehicleTypes(body);
  }
}
