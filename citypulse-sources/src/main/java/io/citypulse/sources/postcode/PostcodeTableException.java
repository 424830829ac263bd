package io.citypulse.sources.postcode;

import java.nio.file.Path;

/** A postcode table that cannot be used; the message names the file and, if known, the line. */
public final class PostcodeTableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  PostcodeTableException(Path file, int line, String problem) {
    super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
    this.file = file;
    this.line = line;
  }

  PostcodeTableException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
    this.line = 0;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line of the problem, 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
