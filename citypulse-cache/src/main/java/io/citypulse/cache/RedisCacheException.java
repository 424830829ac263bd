package io.citypulse.cache;

/**
 * Redis cannot be used: not reachable at {@link RedisCache#prepare()}, credentials refused, or an
 * error that no retry can cure (a key of another type in the way, say). Its message names the
 * server by its redacted URL and never holds the password.
 */
public final class RedisCacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RedisCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
