package io.citypulse.sources.weather;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A location's UTC offset for sources that give none (Tomorrow.io) and for the generator.
 *
 * <p>Exact (with daylight saving) for the preset cities and for countries with a single time zone;
 * otherwise approximate: {@code round(lon / 15)} hours, the nautical zone of the longitude, which
 * ignores political borders and daylight saving (e.g. Madrid gets +0 instead of +1/+2).
 */
public final class TimeZones {
  private TimeZones() {}

  // Countries whose whole territory is in one zone (overseas territories have their own ISO codes).
  private static final Map<String, ZoneId> SINGLE_ZONE_COUNTRIES = Map.ofEntries(
      Map.entry("SN", ZoneId.of("Africa/Dakar")),
      Map.entry("GM", ZoneId.of("Africa/Banjul")),
      Map.entry("ML", ZoneId.of("Africa/Bamako")),
      Map.entry("MR", ZoneId.of("Africa/Nouakchott")),
      Map.entry("GN", ZoneId.of("Africa/Conakry")),
      Map.entry("GW", ZoneId.of("Africa/Bissau")),
      Map.entry("CI", ZoneId.of("Africa/Abidjan")),
      Map.entry("MA", ZoneId.of("Africa/Casablanca")),
      Map.entry("NG", ZoneId.of("Africa/Lagos")),
      Map.entry("ZA", ZoneId.of("Africa/Johannesburg")),
      Map.entry("EG", ZoneId.of("Africa/Cairo")),
      Map.entry("FR", ZoneId.of("Europe/Paris")),
      Map.entry("GB", ZoneId.of("Europe/London")),
      Map.entry("IE", ZoneId.of("Europe/Dublin")),
      Map.entry("BE", ZoneId.of("Europe/Brussels")),
      Map.entry("NL", ZoneId.of("Europe/Amsterdam")),
      Map.entry("DE", ZoneId.of("Europe/Berlin")),
      Map.entry("CH", ZoneId.of("Europe/Zurich")),
      Map.entry("IT", ZoneId.of("Europe/Rome")),
      Map.entry("AT", ZoneId.of("Europe/Vienna")),
      Map.entry("PL", ZoneId.of("Europe/Warsaw")),
      Map.entry("JP", ZoneId.of("Asia/Tokyo")),
      Map.entry("KR", ZoneId.of("Asia/Seoul")),
      Map.entry("CN", ZoneId.of("Asia/Shanghai")),
      Map.entry("IN", ZoneId.of("Asia/Kolkata")));

  /** The zone when it is known exactly: a preset city, else a single-zone country. */
  public static Optional<ZoneId> zoneOf(WeatherLocation location) {
    Optional<ZoneId> preset = WeatherLocations.knownZone(location);
    if (preset.isPresent()) {
      return preset;
    }
    return Optional.ofNullable(
        location.country() == null ? null : SINGLE_ZONE_COUNTRIES.get(location.country()));
  }

  /**
   * The offset at {@code at}: the zone's when known, else the longitude's nautical zone (the given
   * {@code lon}, or the location's), else null.
   */
  public static Integer offsetSeconds(WeatherLocation location, Double lon, Instant at) {
    Optional<ZoneId> zone = zoneOf(location);
    if (zone.isPresent()) {
      return zone.get().getRules().getOffset(at).getTotalSeconds();
    }
    Double longitude = lon != null ? lon : location.lon();
    return longitude == null ? null : longitudeOffsetSeconds(longitude);
  }

  /** {@code round(lon / 15)} hours, in seconds. */
  public static int longitudeOffsetSeconds(double lon) {
    return (int) Math.round(lon / 15.0) * 3600;
  }
}
