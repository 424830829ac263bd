package io.citypulse.sources.weather;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads location specs and expands presets.
 *
 * <p>Spec forms: {@code Paris}, {@code Paris,FR}, {@code 48.8566,2.3522}, {@code Thiès@14.7886,-16.926}
 * and {@code Thiès,SN@14.7886,-16.926}. Presets: {@code brief} (Paris, London, Tokyo, Dakar, New York)
 * and {@code senegal} (the 14 regional capitals).
 */
public final class WeatherLocations {
  private WeatherLocations() {}

  public static final String BRIEF = "brief";
  public static final String SENEGAL = "senegal";

  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d{1,3}(?:\\.\\d+)?");
  private static final Pattern COORDINATES =
      Pattern.compile("\\s*(" + NUMBER.pattern() + ")\\s*,\\s*(" + NUMBER.pattern() + ")\\s*");
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

  /** A preset city with its IANA time zone (Tomorrow.io gives no offset; the generator needs one). */
  record Known(WeatherLocation location, ZoneId zone) {}

  private static Known known(String name, String country, double lat, double lon, String zone) {
    return new Known(new WeatherLocation(slug(name), name, country, lat, lon), ZoneId.of(zone));
  }

  private static final List<Known> BRIEF_CITIES = List.of(
      known("Paris", "FR", 48.8566, 2.3522, "Europe/Paris"),
      known("London", "GB", 51.5074, -0.1278, "Europe/London"),
      known("Tokyo", "JP", 35.6762, 139.6503, "Asia/Tokyo"),
      known("Dakar", "SN", 14.6928, -17.4467, "Africa/Dakar"),
      known("New York", "US", 40.7128, -74.0060, "America/New_York"));

  // Regional capitals of Senegal's 14 regions (coordinates of the town centres).
  private static final List<Known> SENEGAL_CAPITALS = List.of(
      known("Dakar", "SN", 14.6928, -17.4467, "Africa/Dakar"),
      known("Thiès", "SN", 14.7886, -16.9260, "Africa/Dakar"),
      known("Diourbel", "SN", 14.6553, -16.2314, "Africa/Dakar"),
      known("Fatick", "SN", 14.3390, -16.4041, "Africa/Dakar"),
      known("Kaolack", "SN", 14.1520, -16.0726, "Africa/Dakar"),
      known("Kaffrine", "SN", 14.1058, -15.5505, "Africa/Dakar"),
      known("Saint-Louis", "SN", 16.0326, -16.4818, "Africa/Dakar"),
      known("Louga", "SN", 15.6144, -16.2281, "Africa/Dakar"),
      known("Matam", "SN", 15.6559, -13.2554, "Africa/Dakar"),
      known("Tambacounda", "SN", 13.7709, -13.6673, "Africa/Dakar"),
      known("Kédougou", "SN", 12.5605, -12.1747, "Africa/Dakar"),
      known("Kolda", "SN", 12.8835, -14.9500, "Africa/Dakar"),
      known("Sédhiou", "SN", 12.7081, -15.5569, "Africa/Dakar"),
      known("Ziguinchor", "SN", 12.5681, -16.2719, "Africa/Dakar"));

  private static final Map<String, List<Known>> PRESETS =
      Map.of(BRIEF, BRIEF_CITIES, SENEGAL, SENEGAL_CAPITALS);

  public static Set<String> presetNames() {
    return PRESETS.keySet();
  }

  /** The locations of a preset ({@code brief}, {@code senegal}); case-insensitive. */
  public static List<WeatherLocation> preset(String name) {
    List<Known> cities = PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
    if (cities == null) {
      throw new IllegalArgumentException(
          "no location preset '" + name + "' (presets: " + presetNames() + ")");
    }
    return cities.stream().map(Known::location).toList();
  }

  /** The preset city this location is: same key, same country (or none given), within 1 degree. */
  static Optional<Known> knownCity(WeatherLocation location) {
    for (List<Known> cities : PRESETS.values()) {
      for (Known city : cities) {
        WeatherLocation preset = city.location();
        boolean sameName = preset.key().equals(location.key());
        boolean sameCountry =
            location.country() == null || location.country().equals(preset.country());
        boolean near = !location.hasCoordinates()
            || (Math.abs(location.lat() - preset.lat()) <= 1
                && Math.abs(location.lon() - preset.lon()) <= 1);
        if (sameName && sameCountry && near) {
          return Optional.of(city);
        }
      }
    }
    return Optional.empty();
  }

  /** The time zone of a preset city (see {@link #knownCity}). */
  static Optional<ZoneId> knownZone(WeatherLocation location) {
    return knownCity(location).map(Known::zone);
  }

  /**
   * Reads one spec (not a preset).
   *
   * @throws IllegalArgumentException with what is wrong and the accepted forms
   */
  public static WeatherLocation parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty location spec; " + FORMS);
    }
    String text = spec.trim();
    if (PRESETS.containsKey(text.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "'" + text + "' is a preset, not a single location: resolve it");
    }
    int at = text.lastIndexOf('@');
    if (at >= 0) {
      double[] coordinates = coordinates(text.substring(at + 1), spec);
      if (coordinates == null) {
        throw new IllegalArgumentException(
            "'" + spec + "': after '@' comes 'lat,lon', e.g. Thiès@14.7886,-16.926");
      }
      return named(text.substring(0, at), spec, coordinates);
    }
    double[] coordinates = coordinates(text, spec);
    if (coordinates != null) {
      String key = canonical(text.split(",")[0]) + "," + canonical(text.split(",")[1]);
      return new WeatherLocation(key, null, null, coordinates[0], coordinates[1]);
    }
    return named(text, spec, null);
  }

  /**
   * Expands presets and reads specs, in order. A city that two presets share (Dakar) is kept once;
   * any other repeated key is an error, since it would publish two series under one Kafka key.
   *
   * @throws IllegalArgumentException naming the bad or repeated spec
   */
  public static List<WeatherLocation> resolve(List<String> specs) {
    Map<String, WeatherLocation> byKey = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    for (String spec : specs) {
      String trimmed = spec == null ? "" : spec.trim();
      boolean isPreset = PRESETS.containsKey(trimmed.toLowerCase(Locale.ROOT));
      List<WeatherLocation> expanded = isPreset ? preset(trimmed) : List.of(parse(trimmed));
      for (WeatherLocation location : expanded) {
        WeatherLocation earlier = byKey.get(location.key());
        if (earlier == null) {
          byKey.put(location.key(), location);
          origin.put(
              location.key(), isPreset ? "preset " + trimmed.toLowerCase(Locale.ROOT) : trimmed);
        } else if (!(isPreset
            && origin.get(location.key()).startsWith("preset ")
            && earlier.equals(location))) {
          throw new IllegalArgumentException(
              "location '" + location.key() + "' is given twice (by '"
                  + origin.get(location.key()) + "' and by '" + trimmed
                  + "'): each location needs its own key; "
                  + "name one of them differently with name@lat,lon");
        }
      }
    }
    if (byKey.isEmpty()) {
      throw new IllegalArgumentException("no weather location given; " + FORMS);
    }
    return List.copyOf(byKey.values());
  }

  /** Like {@link #resolve(List)} for one string of specs separated by {@code ;}. */
  public static List<WeatherLocation> resolve(String specs) {
    List<String> parts = new ArrayList<>();
    for (String part : specs.split(";")) {
      if (!part.isBlank()) {
        parts.add(part);
      }
    }
    return resolve(parts);
  }

  /**
   * A lowercase ASCII key: accents stripped ({@code Thiès} -> {@code thies}), any run of other
   * characters one dash ({@code New York} -> {@code new-york}); empty when nothing Latin is left.
   */
  public static String slug(String name) {
    String folded = name.toLowerCase(Locale.ROOT)
        // Letters that do not decompose into base + accent under NFD.
        .replace("ß", "ss")
        .replace("æ", "ae")
        .replace("œ", "oe")
        .replace("ø", "o")
        .replace("ł", "l")
        .replace("đ", "d")
        .replace("ð", "d")
        .replace("þ", "th")
        .replace("ı", "i");
    String ascii = Normalizer.normalize(folded, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    return ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  private static final String FORMS =
      "use a preset (brief, senegal), Paris, Paris,FR, 48.8566,2.3522 or name@lat,lon";

  private static WeatherLocation named(String namePart, String spec, double[] coordinates) {
    String name = namePart.trim();
    String country = null;
    int comma = name.indexOf(',');
    if (comma >= 0) {
      String code = name.substring(comma + 1).trim();
      name = name.substring(0, comma).trim();
      if (!COUNTRY.matcher(code).matches()) {
        throw new IllegalArgumentException("'" + spec + "': '" + code
            + "' is not a two-letter ISO 3166 country code (e.g. FR, SN, US); " + FORMS);
      }
      country = code.toUpperCase(Locale.ROOT);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("'" + spec + "' has no name; " + FORMS);
    }
    if (NUMBER.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + spec + "' looks like a lone coordinate; " + FORMS);
    }
    String key = slug(name);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("'" + spec + "': cannot make an ASCII key from the name '"
          + name + "'; give it a Latin-script name, e.g. Tokyo@35.6762,139.6503");
    }
    return coordinates == null
        ? new WeatherLocation(key, name, country, null, null)
        : new WeatherLocation(key, name, country, coordinates[0], coordinates[1]);
  }

  /** [lat, lon] when the text is two numbers, else null; out-of-range numbers are an error. */
  private static double[] coordinates(String text, String spec) {
    Matcher matcher = COORDINATES.matcher(text);
    if (!matcher.matches()) {
      return null;
    }
    double lat = Double.parseDouble(matcher.group(1));
    double lon = Double.parseDouble(matcher.group(2));
    if (lat < -90 || lat > 90) {
      throw new IllegalArgumentException(
          "'" + spec + "': latitude " + matcher.group(1) + " is outside [-90, 90]");
    }
    if (lon < -180 || lon > 180) {
      throw new IllegalArgumentException(
          "'" + spec + "': longitude " + matcher.group(2) + " is outside [-180, 180]");
    }
    return new double[] {lat, lon};
  }

  private static String canonical(String number) {
    String plain =
        new BigDecimal(number.trim().replace("+", "")).stripTrailingZeros().toPlainString();
    return plain.equals("-0") ? "0" : plain;
  }
}
