package io.citypulse.files;

/**
 * How to read a file beyond its format.
 *
 * @param gzip the bytes are gzip-compressed ({@link FileFormat#isGzip(String)})
 * @param csvSeparator the CSV cell separator, or null to take whichever of {@code , ; TAB |}
 *     occurs most in the header line
 */
public record ReadOptions(boolean gzip, Character csvSeparator) {

  /** Not compressed, CSV separator detected. */
  public static ReadOptions defaults() {
    return new ReadOptions(false, null);
  }

  /** Options for a file of this name: gzip when it ends in {@code .gz}. */
  public static ReadOptions forFile(String fileName) {
    return new ReadOptions(FileFormat.isGzip(fileName), null);
  }

  public ReadOptions withGzip(boolean gzip) {
    return new ReadOptions(gzip, csvSeparator);
  }

  public ReadOptions withCsvSeparator(Character separator) {
    return new ReadOptions(gzip, separator);
  }
}
