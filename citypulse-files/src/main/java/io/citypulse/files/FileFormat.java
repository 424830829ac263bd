package io.citypulse.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The record file formats citypulse reads and writes.
 *
 * <p>XML files are {@code <records><record><location>paris</location>…</record></records>}: one
 * {@value #XML_RECORD} element per record under a root element, one child element per field named
 * after the column; a null field is an omitted element. The reader accepts any root and record
 * element names, and also takes attributes of a record element as fields.
 */
public enum FileFormat {
  CSV("csv"),
  JSON("json"),
  /** JSON Lines (also called NDJSON): one JSON object per line. */
  JSONL("jsonl"),
  XLSX("xlsx"),
  XML("xml"),
  YAML("yaml");

  /** Name of the root element the XML writer writes. */
  public static final String XML_ROOT = "records";
  /** Name of the element the XML writer writes for each record. */
  public static final String XML_RECORD = "record";

  private static final String GZIP_SUFFIX = ".gz";

  private final String id;

  FileFormat(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line, e.g. {@code jsonl}. */
  public String id() {
    return id;
  }

  /** {@code csv|json|jsonl|xlsx|xml|yaml}, for messages. */
  public static String choices() {
    return Arrays.stream(values()).map(FileFormat::id).collect(Collectors.joining("|"));
  }

  /**
   * The format named {@code name}, case-insensitive ({@code yml} and {@code ndjson} are accepted
   * too).
   *
   * @throws IllegalArgumentException naming the valid formats
   */
  public static FileFormat parse(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (FileFormat format : values()) {
        if (format.id.equals(wanted)) {
          return format;
        }
      }
      if (wanted.equals("yml")) {
        return YAML;
      }
      if (wanted.equals("ndjson")) {
        return JSONL;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + name + "': valid formats are " + choices());
  }

  /**
   * The format of a file from its extension ({@code .csv}, {@code .json}, {@code .jsonl} or
   * {@code .ndjson}, {@code .xlsx}, {@code .xml}, {@code .yaml} or {@code .yml}), looking through
   * a trailing {@code .gz} (see {@link #isGzip(String)}).
   *
   * @throws IllegalArgumentException when the extension tells nothing, asking for {@code --format}
   */
  public static FileFormat guess(String fileName) {
    String name = baseName(fileName).toLowerCase(Locale.ROOT);
    if (isGzip(name)) {
      name = name.substring(0, name.length() - GZIP_SUFFIX.length());
    }
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    switch (extension) {
      case "csv":
        return CSV;
      case "json":
        return JSON;
      case "jsonl":
      case "ndjson":
        return JSONL;
      case "xlsx":
        return XLSX;
      case "xml":
        return XML;
      case "yaml":
      case "yml":
        return YAML;
      default:
        throw new IllegalArgumentException(
            "cannot tell the format of '" + fileName + "': give --format " + choices());
    }
  }

  /** Whether the file name ends in {@code .gz}: its content is gzip-compressed. */
  public static boolean isGzip(String fileName) {
    return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(GZIP_SUFFIX);
  }

  /** The stream decompressed when {@code gzip}, else itself. */
  public static InputStream decompress(InputStream in, boolean gzip) throws IOException {
    return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
  }

  /** The stream compressing what is written to it when {@code gzip}, else itself. */
  public static OutputStream compress(OutputStream out, boolean gzip) throws IOException {
    return gzip ? new GZIPOutputStream(out, 64 * 1024) : out;
  }

  private static String baseName(String fileName) {
    if (fileName == null) {
      return "";
    }
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    return fileName.substring(slash + 1);
  }
}
