package io.citypulse.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Foreign column names → citypulse field names ({@code "temperature" → "temperature_c"}), from a
 * small YAML or JSON file or built in. Names match case-insensitively, surrounding spaces ignored;
 * a column that already has a field's name needs no entry. When several columns of a row map to
 * one field, the first of them in the mapping that has a value wins.
 */
public final class ColumnMapping {

  /** The name of the built-in mapping of Tomorrow.io's field names. */
  public static final String TOMORROW_IO = "tomorrow.io";

  /**
   * Tomorrow.io's field names (its {@code units=metric} API and CSV exports) → weather fields.
   *
   * <p>Units: with {@code units=metric}, temperature °C, humidity and cloud cover %, pressure hPa,
   * wind m/s and degrees: ours. Two differ: {@code precipitationIntensity} is a rate in mm/h, kept
   * as the millimetres of one hour at that rate in {@code precipitation_mm} (as the Tomorrow.io
   * source does); and an export made with {@code units=imperial} (°F, inHg, mph, in/h) would be
   * wrong here: convert it first. Sea-level pressure is preferred to surface pressure when both
   * are given, as by the source. {@code time} and {@code startTime} are UTC ISO-8601.
   */
  private static final Map<String, String> TOMORROW_IO_COLUMNS = ordered(
      "time", "observed_at",
      "startTime", "observed_at",
      "temperature", "temperature_c",
      "temperatureApparent", "feels_like_c",
      "humidity", "humidity_pct",
      "pressureSeaLevel", "pressure_hpa",
      "pressureSurfaceLevel", "pressure_hpa",
      "windSpeed", "wind_speed_ms",
      "windDirection", "wind_direction_deg",
      "windGust", "wind_gust_ms",
      "cloudCover", "clouds_pct",
      "precipitationIntensity", "precipitation_mm",
      "weatherCode", "weather_code",
      "latitude", "lat",
      "longitude", "lon");

  private static final Map<String, Map<String, String>> BUILT_IN =
      Map.of(TOMORROW_IO, TOMORROW_IO_COLUMNS);

  private final String name;
  /** Lower-cased foreign name → field, in the mapping's order. */
  private final Map<String, String> columns;

  private ColumnMapping(String name, Map<String, String> columns) {
    this.name = name;
    Map<String, String> normalised = new LinkedHashMap<>();
    columns.forEach((foreign, field) -> normalised.put(normalise(foreign), field.trim()));
    this.columns = normalised;
  }

  /** No renaming: columns must already have the fields' names. */
  public static ColumnMapping identity() {
    return new ColumnMapping("identity", Map.of());
  }

  /** The names {@link #builtIn(String)} knows. */
  public static Set<String> builtInNames() {
    return new TreeSet<>(BUILT_IN.keySet());
  }

  /**
   * A built-in mapping by name, e.g. {@value #TOMORROW_IO}.
   *
   * @throws IllegalArgumentException naming the built-in mappings
   */
  public static ColumnMapping builtIn(String name) {
    Map<String, String> columns = BUILT_IN.get(name == null ? "" : name.toLowerCase(Locale.ROOT));
    if (columns == null) {
      throw new IllegalArgumentException(
          "no built-in mapping '" + name + "': built-in mappings are " + builtInNames());
    }
    return new ColumnMapping(name.toLowerCase(Locale.ROOT), columns);
  }

  /** A mapping from an ordered map of foreign name → field name. */
  public static ColumnMapping of(String name, Map<String, String> columns) {
    return new ColumnMapping(name, columns);
  }

  /**
   * Loads a mapping file: one object of {@code "foreign column": "field"} pairs, in JSON when the
   * name ends in {@code .json}, else YAML ({@code temperature: temperature_c} lines).
   *
   * @param fileName for messages and to tell JSON from YAML
   * @throws IllegalArgumentException saying what is wrong with the file
   */
  public static ColumnMapping load(InputStream in, String fileName) {
    boolean json = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".json");
    JsonFactory factory = json ? new JsonFactory() : SafeYaml.FACTORY;
    JsonNode root;
    try {
      root = new ObjectMapper(factory).readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("mapping file '" + fileName + "' is not valid "
          + (json ? "JSON" : "YAML") + ": " + ObjectStreamReader.firstLine(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read mapping file '" + fileName + "': " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException("mapping file '" + fileName
          + "' must be an object of \"foreign column\": \"field\" pairs,"
          + " e.g. {\"temperature\": \"temperature_c\"}");
    }
    Map<String, String> columns = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      JsonNode target = entry.getValue();
      if (!target.isTextual() || target.asText().isBlank()) {
        throw new IllegalArgumentException("mapping file '" + fileName + "': '" + entry.getKey()
            + "' must map to a field name (a string), not " + target);
      }
      if (columns.put(normalise(entry.getKey()), target.asText()) != null) {
        throw new IllegalArgumentException(
            "mapping file '" + fileName + "': column '" + entry.getKey() + "' is mapped twice");
      }
    }
    return new ColumnMapping(fileName, columns);
  }

  public String name() {
    return name;
  }

  /** The foreign names (lower-cased) and the fields they map to, in order. */
  public Map<String, String> columns() {
    return java.util.Collections.unmodifiableMap(columns);
  }

  /**
   * A renamer of rows into {@code fields} (e.g. {@link WeatherRows#FIELDS}).
   *
   * @param warnings told once per column that is neither a field nor mapped, e.g. {@code column
   *     'visibility' is not a known field and is ignored}
   * @throws IllegalArgumentException when the mapping maps to a name that is not in {@code fields}
   */
  public Renamer renamer(Collection<String> fields, Consumer<String> warnings) {
    List<String> unknownTargets = new ArrayList<>();
    columns.forEach((foreign, field) -> {
      if (!fields.contains(field)) {
        unknownTargets.add("'" + foreign + "' → '" + field + "'");
      }
    });
    if (!unknownTargets.isEmpty()) {
      throw new IllegalArgumentException("mapping '" + name + "' maps to unknown fields: "
          + String.join(", ", unknownTargets) + "; the fields are " + fields);
    }
    return new Renamer(fields, Objects.requireNonNull(warnings, "warnings"));
  }

  private static String normalise(String column) {
    return column.trim().toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** Renames the columns of rows, warning once about each column it has to drop. */
  public final class Renamer {
    private final Map<String, String> fieldsByLowerCase = new LinkedHashMap<>();
    private final Map<String, Integer> priority = new LinkedHashMap<>();
    private final Set<String> warned = new TreeSet<>();
    private final Consumer<String> warnings;

    private Renamer(Collection<String> fields, Consumer<String> warnings) {
      this.warnings = warnings;
      fields.forEach(field -> fieldsByLowerCase.put(normalise(field), field));
      int rank = 0;
      for (String foreign : columns.keySet()) {
        priority.put(foreign, rank++);
      }
    }

    /** The row with field names as keys; unknown columns dropped (and warned about once). */
    public Map<String, String> apply(Map<String, String> row) {
      Map<String, String> renamed = new LinkedHashMap<>();
      Map<String, Integer> rankOf = new LinkedHashMap<>();
      for (Map.Entry<String, String> cell : row.entrySet()) {
        String key = normalise(cell.getKey());
        String field = columns.get(key);
        int rank = field == null ? -1 : priority.get(key);
        if (field == null) {
          field = fieldsByLowerCase.get(key);
        }
        if (field == null) {
          if (warned.add(cell.getKey())) {
            warnings.accept("column '" + cell.getKey() + "' is not a known field and is ignored"
                + " (a --mapping file can give its field)");
          }
          continue;
        }
        Integer held = rankOf.get(field);
        // a field's own name (rank -1) beats any mapped column; else the mapping's order decides
        if (held == null || rank < held) {
          renamed.put(field, cell.getValue());
          rankOf.put(field, rank);
        }
      }
      return renamed;
    }

    /** The columns warned about so far. */
    public Set<String> ignoredColumns() {
      return Set.copyOf(warned);
    }
  }
}
