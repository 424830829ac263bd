package io.citypulse.forecast;

/** A station-state file that cannot be used at all (unreadable, a needed column missing). */
public class StateLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateLogException(String message) {
    super(message);
  }

  public StateLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
