package io.citypulse.storage.history;

/** A history request the readers refuse (empty range, bad step, too many rows); the message says what to change. */
public final class InvalidHistoryRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidHistoryRequestException(String message) {
    super(message);
  }
}
