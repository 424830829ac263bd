package io.citypulse.files;

/**
 * How to write a file beyond its format.
 *
 * @param gzip compress the output with gzip
 * @param prettyJson indent a JSON array (one field per line); compact otherwise. JSON Lines is
 *     always one record per line.
 * @param csvSeparator the CSV cell separator
 */
public record WriteOptions(boolean gzip, boolean prettyJson, char csvSeparator) {

  /** Not compressed, pretty JSON, comma-separated CSV. */
  public static WriteOptions defaults() {
    return new WriteOptions(false, true, ',');
  }

  /** Options for a file of this name: gzip when it ends in {@code .gz}. */
  public static WriteOptions forFile(String fileName) {
    return defaults().withGzip(FileFormat.isGzip(fileName));
  }

  public WriteOptions withGzip(boolean gzip) {
    return new WriteOptions(gzip, prettyJson, csvSeparator);
  }

  public WriteOptions withPrettyJson(boolean pretty) {
    return new WriteOptions(gzip, pretty, csvSeparator);
  }

  public WriteOptions withCsvSeparator(char separator) {
    return new WriteOptions(gzip, prettyJson, separator);
  }
}
