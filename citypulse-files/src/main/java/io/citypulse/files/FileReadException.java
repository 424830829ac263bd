package io.citypulse.files;

/**
 * A file that cannot be read any further (malformed XML, a broken XLSX, JSON that is not records,
 * an I/O error): the message says where and why in words, never a parser's stack trace.
 */
public class FileReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FileReadException(String message) {
    super(message);
  }

  public FileReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
