package io.citypulse.sources.catalogue;

/**
 * A file that cannot be read as a GBFS systems catalogue at all (unreadable, not UTF-8, empty,
 * required columns missing, an unterminated quote); the message names the file and, where one
 * applies, the line. Rows that are wrong one by one are not exceptions: see {@link UnusableRow}.
 */
public final class CatalogueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  CatalogueException(String source, int line, String problem) {
    this(source, line, problem, null);
  }

  CatalogueException(String source, int line, String problem, Throwable cause) {
    super((line > 0 ? source + ":" + line : source) + ": " + problem, cause);
    this.source = source;
    this.line = line;
  }

  /** The file (or the name the caller gave its reader). */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
