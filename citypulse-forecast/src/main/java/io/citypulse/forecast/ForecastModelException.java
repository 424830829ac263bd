package io.citypulse.forecast;

/** A saved forecast model that cannot be read or written; the message names the file. */
public final class ForecastModelException extends RuntimeException {
  public ForecastModelException(String message, Throwable cause) {
    super(message, cause);
  }

  public ForecastModelException(String message) {
    super(message);
  }
}
