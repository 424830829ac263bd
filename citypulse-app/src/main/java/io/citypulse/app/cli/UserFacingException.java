package io.citypulse.app.cli;

/** A run-time failure whose message is meant for the user as is (no stack trace). */
public final class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
