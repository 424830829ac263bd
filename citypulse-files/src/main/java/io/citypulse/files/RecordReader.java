package io.citypulse.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Reads the rows of a record file one at a time, in constant memory (XLSX: see {@link
 * FileFormat#XLSX} notes in {@link #open(FileFormat, InputStream, ReadOptions)}).
 *
 * <p>A row that cannot be read but after which reading can go on comes back as an {@link
 * Row#isError() error row}; a file that cannot be read any further throws {@link
 * FileReadException}. Closing the reader closes the stream.
 */
public interface RecordReader extends AutoCloseable {

  /**
   * The next row, or null at the end of the file.
   *
   * @throws FileReadException when the file cannot be read any further
   */
  Row next();

  /** Bytes taken from the stream given to {@code open} so far (compressed bytes when gzip). */
  long bytesRead();

  @Override
  void close();

  /** {@link #open(FileFormat, InputStream, ReadOptions)} with {@link ReadOptions#defaults()}. */
  static RecordReader open(FileFormat format, InputStream in) {
    return open(format, in, ReadOptions.defaults());
  }

  /**
   * A reader of {@code in} in {@code format}.
   *
   * <p>XLSX: the zip has to be opened at random access, so the stream is first copied to a
   * temporary file (deleted on close; {@link #bytesRead()} is then the whole file) and the first
   * sheet is streamed with POI's SAX event API. Its shared-strings table (every distinct text of
   * the workbook) stays in memory: a workbook of millions of distinct texts needs heap for them.
   *
   * @throws FileReadException when the start of the file is already unreadable
   */
  static RecordReader open(FileFormat format, InputStream in, ReadOptions options) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(in, "in");
    CountingInputStream counted = new CountingInputStream(in);
    InputStream content;
    try {
      content = FileFormat.decompress(counted, options.gzip());
    } catch (IOException e) {
      closeQuietly(counted);
      throw new FileReadException("not a gzip file: " + e.getMessage(), e);
    }
    try {
      switch (format) {
        case CSV:
          return new CsvRecordReader(content, counted, options.csvSeparator());
        case JSON:
          return ObjectStreamReader.json(content, counted);
        case JSONL:
          return new JsonLinesRecordReader(content, counted);
        case XLSX:
          return new XlsxRecordReader(content, counted);
        case XML:
          return new XmlRecordReader(content, counted);
        case YAML:
          return ObjectStreamReader.yaml(content, counted);
        default:
          throw new IllegalArgumentException("unsupported format " + format);
      }
    } catch (RuntimeException e) {
      closeQuietly(content);
      throw e;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the open already failed: that is the error to report
    }
  }

  /** Wraps an I/O error into the unchecked form readers throw. */
  static FileReadException ioError(String where, IOException e) {
    if (e.getCause() instanceof UncheckedIOException) {
      return new FileReadException(where + ": cannot read: " + e.getCause().getMessage(), e);
    }
    return new FileReadException(where + ": cannot read: " + e.getMessage(), e);
  }
}
