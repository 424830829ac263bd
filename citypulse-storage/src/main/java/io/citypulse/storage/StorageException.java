package io.citypulse.storage;

/** A storage operation failed for good: the server cannot start, the schema cannot be migrated, or a write gave up. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
