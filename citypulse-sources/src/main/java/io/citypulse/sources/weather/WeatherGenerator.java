package io.citypulse.sources.weather;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Synthetic current weather ({@code source = generator}), deterministic in (seed, location, time):
 * the same inputs give the same observation on any machine. For demos without a key, load tests
 * (any number of locations, no calls) and tests.
 *
 * <p>The model is plausible, not a forecast: a mean temperature falling with latitude, a seasonal
 * swing growing with latitude (opposite in the southern hemisphere), a daily cycle with its minimum
 * near 06:00 and maximum near 15:00 local time, and slow smooth noise (value noise between seeded
 * points) for anomalies, clouds, pressure (990-1035 hPa), wind and rare rain. Humidity falls as the
 * day warms; gusts are at least the wind. A location without coordinates uses its preset city's,
 * else seeded ones.
 *
 * <p>{@link #fetch} observes at the start of the current {@code interval} slot, so polling twice in
 * one slot gives the same observation (and the poller publishes it once).
 */
public final class WeatherGenerator implements WeatherSource {
  public static final String SOURCE = "generator";

  // Independent noise streams.
  private static final long ANOMALY = 1,
      CLOUDS = 2,
      HUMIDITY = 3,
      PRESSURE = 4,
      PRESSURE_FAST = 5,
      WIND = 6,
      GUST = 7,
      DIRECTION = 8,
      RAIN = 9,
      AMPLITUDE = 10,
      LATITUDE = 11,
      LONGITUDE = 12;
  private static final double HOUR = 3600;

  private final long seed;
  private final Duration interval;
  private final Clock clock;

  public WeatherGenerator(long seed, Duration interval, Clock clock) {
    this.seed = seed;
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("generator interval must be positive, got " + interval);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String id() {
    return SOURCE;
  }

  @Override
  public String describe() {
    return SOURCE + " (seed " + seed + ", an observation every " + interval + ")";
  }

  @Override
  public WeatherFetch fetch(WeatherLocation location) {
    Instant now = clock.instant();
    WeatherObservation observation = build(location, slot(now), now);
    return new WeatherFetch.Observed(
        observation, URI.create("generator:" + location.key()), Json.write(observation));
  }

  /** The start of the interval slot holding {@code at} (slots count from the epoch). */
  public Instant slot(Instant at) {
    long step = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), step) * step);
  }

  /** The observation of {@code location} at exactly {@code at} ({@code fetched_at} = {@code at}). */
  public WeatherObservation observe(WeatherLocation location, Instant at) {
    return build(location, at, at);
  }

  private WeatherObservation build(WeatherLocation location, Instant at, Instant fetchedAt) {
    long place = mix(location.key().hashCode());
    double[] coordinates = coordinates(location, place);
    double lat = coordinates[0];
    double lon = coordinates[1];
    Integer offset = TimeZones.offsetSeconds(location, lon, at);
    double t = at.getEpochSecond() + at.getNano() / 1e9;
    double localHour = (((t + offset) / HOUR) % 24 + 24) % 24;
    double dayOfYear =
        at.atOffset(ZoneOffset.UTC).getDayOfYear() + at.atOffset(ZoneOffset.UTC).getHour() / 24.0;

    double cloudiness = noise(place, CLOUDS, t, 9 * HOUR);
    double clouds = clamp((cloudiness - 0.2) / 0.7, 0, 1);

    double absLat = Math.abs(lat);
    // Roughly the zonal annual means: 27 °C at the equator, ~25 at Dakar, ~13 at Paris, ~-10 at
    // 78°.
    double annualMean = 27 - 0.006 * absLat * absLat;
    double season =
        0.16 * absLat * Math.cos(2 * Math.PI * (dayOfYear - 200) / 365.25) * (lat >= 0 ? 1 : -1);
    // Slow noises only: a fast drift would move the daily extremes away from 06:00 and 15:00.
    double anomaly = 2.5 * signed(place, ANOMALY, t, 72 * HOUR);
    double amplitude = 3.5 + 2.5 * noise(place, AMPLITUDE, t, 36 * HOUR);
    double daily = amplitude * diurnalShape(localHour);
    double temperature = annualMean + season + anomaly + daily;

    double humidity = clamp(
        62 + 25 * (clouds - 0.4) - 3.5 * daily + 6 * signed(place, HUMIDITY, t, 5 * HOUR), 8, 100);
    double pressure = clamp(
        1013
            + 14 * signed(place, PRESSURE, t, 60 * HOUR)
            + 4 * signed(place, PRESSURE_FAST, t, 14 * HOUR)
            - 6 * (clouds - 0.5),
        990,
        1035);
    double breeze = noise(place, WIND, t, 7 * HOUR);
    double wind = 0.5 + 7 * breeze * breeze + Math.max(0, daily) * 0.2;
    double gust = wind * (1.25 + 0.5 * noise(place, GUST, t, 3 * HOUR)) + 0.5;
    double direction = (720 * noise(place, DIRECTION, t, 30 * HOUR)) % 360;
    double rain = noise(place, RAIN, t, 5 * HOUR);
    double precipitation = clouds >= 0.85 && rain > 0.72 ? 0.1 + 4 * (rain - 0.72) / 0.28 : 0;

    double roundedTemperature = round1(temperature);
    double roundedHumidity = Math.round(humidity);
    double roundedWind = round1(wind);
    double roundedPrecipitation = round1(precipitation);
    int code = wmoCode(roundedTemperature, clouds * 100, roundedPrecipitation);
    return new WeatherObservation(
        location.key(),
        location.name(),
        location.country(),
        lat,
        lon,
        at,
        offset,
        roundedTemperature,
        round1(apparentTemperature(temperature, humidity, wind)),
        roundedHumidity,
        round1(pressure),
        roundedWind,
        (double) Math.round(direction) % 360,
        round1(Math.max(gust, wind)),
        (double) Math.round(clouds * 100),
        roundedPrecipitation,
        String.valueOf(code),
        WeatherCodes.wmo(code),
        SOURCE,
        fetchedAt);
  }

  /** -1 at 06:00, +1 at 15:00: a half cosine rising over 9 h and one falling over the other 15 h. */
  static double diurnalShape(double localHour) {
    if (localHour >= 6 && localHour < 15) {
      return -Math.cos(Math.PI * (localHour - 6) / 9);
    }
    double sinceMax = localHour >= 15 ? localHour - 15 : localHour + 9;
    return Math.cos(Math.PI * sinceMax / 15);
  }

  /**
   * Steadman's apparent temperature (shade), as used by the Australian Bureau of Meteorology:
   * AT = T + 0.33 e - 0.70 ws - 4.00, e the water vapour pressure in hPa.
   */
  private static double apparentTemperature(double t, double humidity, double wind) {
    double vapour = humidity / 100 * 6.105 * Math.exp(17.27 * t / (237.7 + t));
    return t + 0.33 * vapour - 0.70 * wind - 4.00;
  }

  private static int wmoCode(double temperature, double cloudsPct, double precipitation) {
    if (precipitation > 0) {
      if (temperature <= 0) {
        return precipitation < 1 ? 71 : 73;
      }
      return precipitation < 1 ? 61 : precipitation < 3 ? 63 : 65;
    }
    return cloudsPct < 10 ? 0 : cloudsPct < 40 ? 1 : cloudsPct < 75 ? 2 : 3;
  }

  private double[] coordinates(WeatherLocation location, long place) {
    if (location.hasCoordinates()) {
      return new double[] {location.lat(), location.lon()};
    }
    return WeatherLocations.knownCity(location)
        .map(city -> new double[] {city.location().lat(), city.location().lon()})
        .orElseGet(() -> new double[] {
          round4(-40 + 100 * uniform(place, LATITUDE, 0)),
          round4(-180 + 360 * uniform(place, LONGITUDE, 0))
        });
  }

  /** Smooth noise in [0, 1): seeded values at multiples of {@code period}, smoothstep between. */
  private double noise(long place, long stream, double t, double period) {
    double position = t / period;
    long index = (long) Math.floor(position);
    double fraction = position - index;
    double smooth = fraction * fraction * (3 - 2 * fraction);
    double a = uniform(place, stream, index);
    double b = uniform(place, stream, index + 1);
    return a + (b - a) * smooth;
  }

  private double signed(long place, long stream, double t, double period) {
    return 2 * noise(place, stream, t, period) - 1;
  }

  private double uniform(long place, long stream, long index) {
    long bits = mix(seed
        ^ mix(place + 0x632BE59BD9B4E019L * stream)
        ^ mix(index * 0x9E3779B97F4A7C15L + stream));
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finaliser: a bijective scramble of 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
