package io.citypulse.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes records, one {@link #write(Map)} at a time, as a file in one format with a fixed, ordered
 * list of columns. Values are String, Number, Boolean, {@link java.time.Instant} or null; null
 * (and a missing key) is an empty CSV cell, an omitted JSON/YAML key or XML element, a blank XLSX
 * cell. Whatever is written, {@link RecordReader} reads back as the same field values.
 *
 * <p>{@link #close()} finishes the file (closing brackets, XLSX assembly) and closes the stream;
 * until then the file is incomplete.
 */
public interface RecordWriter extends AutoCloseable {

  /**
   * Writes one record.
   *
   * @throws IllegalArgumentException for a key that is not one of the columns, or a value of
   *     another type
   * @throws UncheckedIOException when the stream fails
   */
  void write(Map<String, ?> record);

  /** How many records were written. */
  long count();

  @Override
  void close();

  /** {@link #open(FileFormat, OutputStream, List, WriteOptions)} with the default options. */
  static RecordWriter open(FileFormat format, OutputStream out, List<String> columns) {
    return open(format, out, columns, WriteOptions.defaults());
  }

  /**
   * A writer of {@code columns} (in this order) to {@code out}.
   *
   * <p>XLSX goes through POI's streaming {@code SXSSFWorkbook}: only a window of rows is in
   * memory, the rest in compressed temporary files deleted on close. Numbers become numeric cells
   * (a long beyond 2^53 loses digits, as in Excel itself); instants are ISO-8601 text cells so
   * that they read back exactly.
   */
  static RecordWriter open(
      FileFormat format, OutputStream out, List<String> columns, WriteOptions options) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    List<String> ordered = List.copyOf(columns);
    if (ordered.isEmpty() || ordered.stream().distinct().count() != ordered.size()) {
      throw new IllegalArgumentException("columns must be distinct and not empty: " + columns);
    }
    try {
      OutputStream target = FileFormat.compress(out, options.gzip());
      switch (format) {
        case CSV:
          return new CsvRecordWriter(target, ordered, options.csvSeparator());
        case JSON:
          return JacksonRecordWriter.json(target, ordered, options.prettyJson());
        case JSONL:
          return JacksonRecordWriter.jsonLines(target, ordered);
        case YAML:
          return JacksonRecordWriter.yaml(target, ordered);
        case XML:
          return new XmlRecordWriter(target, ordered);
        case XLSX:
          return new XlsxRecordWriter(target, ordered);
        default:
          throw new IllegalArgumentException("unsupported format " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start writing " + format.id(), e);
    }
  }
}
