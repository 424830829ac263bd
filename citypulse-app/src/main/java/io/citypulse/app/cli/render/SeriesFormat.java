package io.citypulse.app.cli.render;

import io.citypulse.storage.history.TimeSeries;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of a {@link TimeSeries}; each renders every cell the same way ({@code CellText}). */
public enum SeriesFormat {
  /** Aligned columns for a terminal. */
  TABLE,
  /** RFC 4180 CSV with a header line. */
  CSV,
  /** One JSON array of objects, one object per line. */
  JSON;

  /**
   * Writes the series.
   *
   * @param zone the zone of the times written (their offset is always shown)
   */
  public void render(TimeSeries series, ZoneId zone, Appendable out) {
    switch (this) {
      case TABLE -> TableRenderer.render(series, zone, out);
      case CSV -> CsvRenderer.render(series, zone, out);
      case JSON -> JsonRenderer.render(series, zone, out);
    }
  }

  /** The series as text. */
  public String render(TimeSeries series, ZoneId zone) {
    StringBuilder text = new StringBuilder();
    render(series, zone, text);
    return text.toString();
  }

  /** "table", "csv" or "json", any case. */
  public static SeriesFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format '" + name + "': expected one of " + names());
    }
  }

  public static String names() {
    return Arrays.stream(values())
        .map(f -> f.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
