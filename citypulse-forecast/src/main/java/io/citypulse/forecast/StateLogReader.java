package io.citypulse.forecast;

import io.citypulse.files.FileFormat;
import io.citypulse.files.FileReadException;
import io.citypulse.files.ReadOptions;
import io.citypulse.files.RecordReader;
import io.citypulse.files.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a station-state file (CSV, gzipped CSV; any format {@link RecordReader} reads) with the
 * columns {@value #REQUIRED_TEXT}, and optionally {@code mechanical,ebike}; other columns are
 * ignored. A row that cannot be used is counted and its line kept for the message (the first
 * {@value #KEPT_ERRORS}), never dropped silently.
 */
public final class StateLogReader {
  /** The columns every station-state file needs, in the order. */
  public static final List<String> REQUIRED =
      List.of("station_code", "time", "bikes_available", "docks_available", "capacity");

  static final String REQUIRED_TEXT = "station_code,time,bikes_available,docks_available,capacity";
  static final int KEPT_ERRORS = 20;

  private StateLogReader() {}

  /**
   * What was read.
   *
   * @param log the usable rows
   * @param rowsRead data rows in the file (usable or not)
   * @param badRows rows that could not be used
   * @param errors the first {@value #KEPT_ERRORS} reasons, each starting with its line
   */
  public record Result(StateLog log, long rowsRead, long badRows, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }
  }

  /** Reads the file, its format and compression told by its name (e.g. {@code .csv.gz}). */
  public static Result read(Path file) {
    String name = file.getFileName().toString();
    FileFormat format;
    try {
      format = FileFormat.guess(name);
    } catch (IllegalArgumentException e) {
      throw new StateLogException(e.getMessage(), e);
    }
    ReadOptions options = ReadOptions.forFile(name);
    try {
      if (format == FileFormat.CSV) {
        try (InputStream in = Files.newInputStream(file)) {
          checkHeader(file.toString(), headerLine(in, options.gzip()));
        }
      }
      try (InputStream in = Files.newInputStream(file)) {
        return read(file.toString(), format, in, options);
      }
    } catch (IOException e) {
      throw new StateLogException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads rows from {@code in} (closed at the end); {@code where} names the source in messages. A
   * CSV header is not checked here (see {@link #checkHeader}): a missing column then shows as a
   * bad row.
   */
  public static Result read(String where, FileFormat format, InputStream in, ReadOptions options) {
    StateLog.Builder builder = new StateLog.Builder();
    long rowsRead = 0;
    long bad = 0;
    List<String> errors = new ArrayList<>();
    try (RecordReader reader = RecordReader.open(format, in, options)) {
      Row row;
      while ((row = reader.next()) != null) {
        rowsRead++;
        String error = row.isError() ? row.error() : add(builder, row.fields());
        if (error != null) {
          bad++;
          if (errors.size() < KEPT_ERRORS) {
            errors.add(row.label() + ": " + error);
          }
        }
      }
    } catch (FileReadException e) {
      throw new StateLogException(where + ": " + e.getMessage(), e);
    }
    return new Result(builder.build(), rowsRead, bad, errors);
  }

  /**
   * Fails naming the missing columns when the CSV header lacks one of {@link #REQUIRED}.
   *
   * @param headerLine the file's first line
   */
  static void checkHeader(String where, String headerLine) {
    if (headerLine == null) {
      throw new StateLogException(where + ": the file is empty: it needs a header line");
    }
    Set<String> columns = new LinkedHashSet<>();
    // the separators RecordReader detects; a quoted name holding one of them is not expected here
    for (String cell : headerLine.replace("\uFEFF", "").split("[,;\t|]", -1)) {
      columns.add(cell.trim().replace("\"", ""));
    }
    List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new StateLogException(where
          + ": missing column"
          + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing)
          + " (a station-state file needs "
          + REQUIRED_TEXT
          + "; this one has "
          + String.join(",", columns)
          + ")");
    }
  }

  private static String headerLine(InputStream in, boolean gzip) throws IOException {
    BufferedReader reader = new BufferedReader(
        new InputStreamReader(FileFormat.decompress(in, gzip), StandardCharsets.UTF_8));
    return reader.readLine();
  }

  /**
   * Adds the state of one row given as text by column name (the file's way, also used for other
   * sources of rows); the reasons it cannot, or null.
   */
  public static String add(StateLog.Builder builder, Map<String, String> fields) {
    List<String> reasons = new ArrayList<>(0);
    String station = fields.get("station_code");
    if (station == null || station.isBlank()) {
      reasons.add("no station_code");
    }
    long time = time(fields.get("time"), reasons);
    int bikes = count(fields, "bikes_available", true, reasons);
    int docks = count(fields, "docks_available", true, reasons);
    int capacity = count(fields, "capacity", true, reasons);
    int mechanical = count(fields, "mechanical", false, reasons);
    int ebike = count(fields, "ebike", false, reasons);
    if (!reasons.isEmpty()) {
      return String.join("; ", reasons);
    }
    builder.add(station.trim(), time, bikes, docks, capacity, mechanical, ebike);
    return null;
  }

  private static long time(String text, List<String> reasons) {
    if (text == null) {
      reasons.add("no time");
      return 0;
    }
    try {
      return Instant.parse(text.trim()).getEpochSecond();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text.trim()).toEpochSecond();
      } catch (DateTimeParseException e2) {
        // a time without zone or offset would be read in whatever zone the machine has: refused
        reasons.add("time '" + text + "' is not an ISO-8601 time with Z or an offset");
        return 0;
      }
    }
  }

  /** A non-negative whole number, or -1 when absent and optional. */
  private static int count(
      Map<String, String> fields, String column, boolean required, List<String> reasons) {
    String text = fields.get(column);
    if (text == null) {
      if (required) {
        reasons.add("no " + column);
      }
      return -1;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < 0) {
        reasons.add(column + " " + value + " is negative");
      }
      return value;
    } catch (NumberFormatException e) {
      reasons.add(column + " '" + text + "' is not a whole number");
      return -1;
    }
  }
}
