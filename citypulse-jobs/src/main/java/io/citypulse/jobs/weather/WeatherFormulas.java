package io.citypulse.jobs.weather;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The derived weather variables of {@code topic-weather-final}, as pure functions with their
 * formula and source. Every function returns null when an input it needs is null, NaN or
 * infinite, or when the result is undefined; none returns NaN and none throws.
 */
public final class WeatherFormulas {
  private WeatherFormulas() {}

  /** {@link #timeOfDay} values. */
  public static final String NIGHT = "night";

  public static final String MORNING = "morning";
  public static final String AFTERNOON = "afternoon";
  public static final String EVENING = "evening";

  /** {@link #humidexCategory} values (Environment Canada's degrees of comfort). */
  public static final String LITTLE_OR_NO_DISCOMFORT = "little or no discomfort";

  public static final String SOME_DISCOMFORT = "some discomfort";
  public static final String GREAT_DISCOMFORT = "great discomfort";
  public static final String DANGEROUS = "dangerous";

  /** The largest offset java.time (and any real zone) allows: ±18 h. */
  public static final int MAX_UTC_OFFSET_SECONDS = 18 * 3600;

  /**
   * Magnus coefficients of Alduchov &amp; Eskridge (1996), "Improved Magnus form approximation of
   * saturation vapor pressure", J. Appl. Meteor. 35, 601-609: a = 17.625, b = 243.04 °C.
   */
  static final double MAGNUS_A = 17.625;

  static final double MAGNUS_B = 243.04;

  /**
   * Lower bounds (m/s) of Beaufort forces 1 to 12 in the WMO table of wind speed equivalents at
   * 10 m (force 0: 0-0.2, 1: 0.3-1.5, 2: 1.6-3.3, 3: 3.4-5.4, 4: 5.5-7.9, 5: 8.0-10.7,
   * 6: 10.8-13.8, 7: 13.9-17.1, 8: 17.2-20.7, 9: 20.8-24.4, 10: 24.5-28.4, 11: 28.5-32.6,
   * 12: 32.7 and above; WMO-No. 8, Guide to Instruments and Methods of Observation, Vol. I,
   * chapter on surface wind). The table is given to 0.1 m/s; a speed between two rows (e.g. 1.55)
   * takes the lower force.
   */
  private static final double[] BEAUFORT_LOWER_BOUNDS_MS = {
    0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7
  };

  /**
   * Humidex (the "heat_index" of the output):
   * {@code H = T + 0.5555 × (e − 10)}, with the vapour pressure (hPa)
   * {@code e = 6.11 × 10^(7.5 T / (237.7 + T)) × RH / 100} (Magnus-type saturation pressure
   * times relative humidity).
   *
   * <p>Source: Masterton &amp; Richardson (1979), "Humidex, a method of quantifying human
   * discomfort due to excessive heat and humidity", Environment Canada CLI 1-79; the relative
   * humidity form above is the one Environment Canada's calculator uses. Environment Canada only
   * reports it from 20 °C, but it is computed here for any temperature. Example: T = 24.38 °C,
   * RH = 54 % gives 27.96.
   *
   * @param temperatureC air temperature, °C
   * @param humidityPct relative humidity, %
   */
  public static Double heatIndex(Double temperatureC, Double humidityPct) {
    if (!finite(temperatureC) || !finite(humidityPct)) {
      return null;
    }
    double t = temperatureC;
    double vapourPressure = 6.11 * Math.pow(10, 7.5 * t / (237.7 + t)) * humidityPct / 100;
    return finiteOrNull(t + 0.5555 * (vapourPressure - 10));
  }

  /**
   * Severity index, the course's definition:
   * {@code wind (m/s) × 0.5 + (1015 − pressure (hPa)) × 0.3 + humidity (%) × 0.2}. Higher means
   * windier, lower pressure and damper. Example: 10 m/s, 1000 hPa, 80 % gives 5 + 4.5 + 16 = 25.5.
   */
  public static Double severityIndex(Double windSpeedMs, Double pressureHpa, Double humidityPct) {
    if (!finite(windSpeedMs) || !finite(pressureHpa) || !finite(humidityPct)) {
      return null;
    }
    return finiteOrNull(windSpeedMs * 0.5 + (1015 - pressureHpa) * 0.3 + humidityPct * 0.2);
  }

  /**
   * The location's wall-clock time of an observation: {@code observedAt + utcOffsetSeconds}, from
   * the offset the source gave for that location, never the JVM's zone. Null when either is null
   * or the offset is beyond ±18 h.
   */
  public static LocalDateTime localTime(Instant observedAt, Integer utcOffsetSeconds) {
    if (observedAt == null
        || utcOffsetSeconds == null
        || Math.abs(utcOffsetSeconds) > MAX_UTC_OFFSET_SECONDS) {
      return null;
    }
    return LocalDateTime.ofInstant(observedAt, ZoneOffset.ofTotalSeconds(utcOffsetSeconds));
  }

  /**
   * Time of day of a local hour: {@value #NIGHT} [0 h, 6 h), {@value #MORNING} [6 h, 12 h),
   * {@value #AFTERNOON} [12 h, 18 h), {@value #EVENING} [18 h, 24 h). Null outside 0-23.
   */
  public static String timeOfDay(int localHour) {
    if (localHour < 0 || localHour > 23) {
      return null;
    }
    if (localHour < 6) {
      return NIGHT;
    }
    if (localHour < 12) {
      return MORNING;
    }
    return localHour < 18 ? AFTERNOON : EVENING;
  }

  /** {@link #timeOfDay(int)} of the {@link #localTime} of an observation; null if unknown. */
  public static String timeOfDay(Instant observedAt, Integer utcOffsetSeconds) {
    LocalDateTime local = localTime(observedAt, utcOffsetSeconds);
    return local == null ? null : timeOfDay(local.getHour());
  }

  /**
   * Dew point (°C), Magnus formula:
   * {@code γ = ln(RH / 100) + a T / (b + T)}, {@code Td = b γ / (a − γ)} with the Alduchov &amp;
   * Eskridge (1996) coefficients a = 17.625, b = 243.04 °C (see {@link #MAGNUS_A}). Example:
   * T = 20 °C, RH = 50 % gives 9.26 °C. Null when RH ≤ 0 (the logarithm is undefined).
   */
  public static Double dewPoint(Double temperatureC, Double humidityPct) {
    if (!finite(temperatureC) || !finite(humidityPct) || humidityPct <= 0) {
      return null;
    }
    double gamma =
        Math.log(humidityPct / 100) + MAGNUS_A * temperatureC / (MAGNUS_B + temperatureC);
    return finiteOrNull(MAGNUS_B * gamma / (MAGNUS_A - gamma));
  }

  /**
   * Environment Canada's degree of comfort of a humidex reading ("How to use the Humidex",
   * canada.ca, severe weather): 20 to 29 little discomfort, 30 to 39 some discomfort, 40 to 45
   * great discomfort (avoid exertion), above 45 dangerous (heat stroke possible). Environment
   * Canada reports the humidex as a whole number, so the value is rounded to the nearest integer
   * (half up) before it is banded: {@value #LITTLE_OR_NO_DISCOMFORT} below 30 (the scale starts at
   * 20 and says nothing below; there is no heat discomfort there), {@value #SOME_DISCOMFORT}
   * 30-39, {@value #GREAT_DISCOMFORT} 40-45, {@value #DANGEROUS} 46 and above.
   */
  public static String humidexCategory(Double humidex) {
    if (!finite(humidex)) {
      return null;
    }
    long reported = Math.round(humidex);
    if (reported < 30) {
      return LITTLE_OR_NO_DISCOMFORT;
    }
    if (reported < 40) {
      return SOME_DISCOMFORT;
    }
    return reported <= 45 ? GREAT_DISCOMFORT : DANGEROUS;
  }

  /**
   * Wind chill index (°C), the Environment Canada / JAG-TI (2001) formula:
   * {@code W = 13.12 + 0.6215 T − 11.37 V^0.16 + 0.3965 T V^0.16}, V the wind speed at 10 m in
   * km/h (the m/s input × 3.6). Defined only for T ≤ 10 °C and V &gt; 4.8 km/h; null otherwise.
   * Example: T = −10 °C, V = 30 km/h gives −19.5 (−20 in Environment Canada's table).
   */
  public static Double windChill(Double temperatureC, Double windSpeedMs) {
    if (!finite(temperatureC) || !finite(windSpeedMs)) {
      return null;
    }
    double kmh = windSpeedMs * 3.6;
    if (temperatureC > 10 || kmh <= 4.8) {
      return null;
    }
    double v016 = Math.pow(kmh, 0.16);
    return finiteOrNull(
        13.12 + 0.6215 * temperatureC - 11.37 * v016 + 0.3965 * temperatureC * v016);
  }

  /**
   * Beaufort force 0-12 of a mean wind speed (m/s at 10 m), per the WMO table (see
   * {@link #BEAUFORT_LOWER_BOUNDS_MS}). Null for a negative speed.
   */
  public static Integer beaufort(Double windSpeedMs) {
    if (!finite(windSpeedMs) || windSpeedMs < 0) {
      return null;
    }
    int force = 0;
    while (force < BEAUFORT_LOWER_BOUNDS_MS.length
        && windSpeedMs >= BEAUFORT_LOWER_BOUNDS_MS[force]) {
      force++;
    }
    return force;
  }

  /**
   * Rounds to 2 decimals, half away from zero on the decimal value (so 0.125 gives 0.13, not the
   * binary double's 0.12); null stays null. Output values are rounded with it: the inputs carry at
   * most two decimals and more digits would only be float noise (24.38 − 23.9 = 0.48000000000000043).
   */
  public static Double round2(Double value) {
    if (!finite(value)) {
      return null;
    }
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  private static boolean finite(Double value) {
    return value != null && Double.isFinite(value);
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
