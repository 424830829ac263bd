package io.citypulse.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Where the cache is and how it is laid out.
 *
 * <p>The URL is {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS;
 * the port defaults to 6379 and the database to 0. A user info without a colon is taken as a
 * password alone (as Lettuce and redis-py read it). The password may also come from the
 * environment ({@value #PASSWORD_ENV}, see {@link #of(String, Map)}) or from the caller's own
 * configuration ({@link #withPassword(String)}); either way it ends up in {@link #redisUrl()},
 * which is therefore never to be printed: {@link #toString()} and {@link #redacted()} show
 * {@code ***} in its place.
 *
 * @param redisUrl the server; it may hold the password (never log it, log {@link #redacted()})
 * @param keyPrefix the first part of every key, {@value #DEFAULT_PREFIX} by default
 * @param ttl how long an entry lives after its last write ({@link #DEFAULT_TTL})
 * @param historyLength how many past states each key keeps, newest first; 0 keeps none
 * @param channel the pub/sub channel of changes, {@value #DEFAULT_CHANNEL} by default
 */
public record CacheSettings(
    URI redisUrl, String keyPrefix, Duration ttl, int historyLength, String channel) {

  public static final String DEFAULT_PREFIX = "citypulse";

  /**
   * 24 hours. The sources publish a station only when something in it changed, so a live station
   * may send nothing for hours (at night, say); a TTL shorter than the longest quiet spell would
   * make live stations vanish from the cache. A day still drops a station that was removed from
   * the feed, and a reader judges freshness by the entry's {@code event_time}, not by its
   * presence.
   */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  public static final int DEFAULT_HISTORY_LENGTH = 100;
  public static final String DEFAULT_CHANNEL = "citypulse:changes";

  /** The environment variable that {@link #of(String, Map)} reads a password from. */
  public static final String PASSWORD_ENV = "CITYPULSE_REDIS_PASSWORD";

  private static final int DEFAULT_PORT = 6379;
  private static final String REDACTED = "***";

  public CacheSettings {
    if (redisUrl == null) {
      throw new IllegalArgumentException("the Redis URL is missing");
    }
    String scheme =
        redisUrl.getScheme() == null ? "" : redisUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException(
          "not a Redis URL (redis://host:port or rediss://host:port): " + redact(redisUrl));
    }
    if (redisUrl.getHost() == null || redisUrl.getHost().isBlank()) {
      throw new IllegalArgumentException("the Redis URL names no host: " + redact(redisUrl));
    }
    database(redisUrl); // fails early on a path that is not a database number
    if (keyPrefix == null || keyPrefix.isBlank()) {
      throw new IllegalArgumentException("the key prefix is blank");
    }
    if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the TTL must be at least 1 s, not " + ttl);
    }
    if (historyLength < 0) {
      throw new IllegalArgumentException("the history length is negative: " + historyLength);
    }
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("the change channel is blank");
    }
  }

  /** The URL with the default prefix, TTL, history length and channel. */
  public static CacheSettings of(String redisUrl) {
    return new CacheSettings(
        parse(redisUrl), DEFAULT_PREFIX, DEFAULT_TTL, DEFAULT_HISTORY_LENGTH, DEFAULT_CHANNEL);
  }

  /**
   * {@link #of(String)}, with the password of {@value #PASSWORD_ENV} when the URL has none (a
   * password in the URL wins).
   */
  public static CacheSettings of(String redisUrl, Map<String, String> env) {
    CacheSettings settings = of(redisUrl);
    String password = env.get(PASSWORD_ENV);
    return settings.password() == null && password != null && !password.isEmpty()
        ? settings.withPassword(password)
        : settings;
  }

  private static URI parse(String redisUrl) {
    if (redisUrl == null || redisUrl.isBlank()) {
      throw new IllegalArgumentException("the Redis URL is blank");
    }
    try {
      return new URI(redisUrl.trim());
    } catch (URISyntaxException e) {
      // The input may hold a password: say where it is wrong, not what it is.
      throw new IllegalArgumentException(
          "not a valid Redis URL (redis://[user:password@]host:port[/db]): " + e.getReason()
              + " at index " + e.getIndex());
    }
  }

  /** These settings with this password (and the URL's user, if any). */
  public CacheSettings withPassword(String password) {
    return new CacheSettings(
        withUserInfo(redisUrl, userInfo(user(), password)), keyPrefix, ttl, historyLength, channel);
  }

  public CacheSettings withKeyPrefix(String prefix) {
    return new CacheSettings(redisUrl, prefix, ttl, historyLength, channel);
  }

  public CacheSettings withTtl(Duration newTtl) {
    return new CacheSettings(redisUrl, keyPrefix, newTtl, historyLength, channel);
  }

  public CacheSettings withHistoryLength(int length) {
    return new CacheSettings(redisUrl, keyPrefix, ttl, length, channel);
  }

  public CacheSettings withChannel(String newChannel) {
    return new CacheSettings(redisUrl, keyPrefix, ttl, historyLength, newChannel);
  }

  public String host() {
    return redisUrl.getHost();
  }

  public int port() {
    return redisUrl.getPort() < 0 ? DEFAULT_PORT : redisUrl.getPort();
  }

  /** The database number of the URL's path, 0 without one. */
  public int database() {
    return database(redisUrl);
  }

  /** {@code rediss://}: TLS. */
  public boolean tls() {
    return redisUrl.getScheme().equalsIgnoreCase("rediss");
  }

  /** The ACL user, or null for the default user. */
  public String user() {
    String info = redisUrl.getUserInfo();
    if (info == null || info.indexOf(':') <= 0) {
      return null;
    }
    return info.substring(0, info.indexOf(':'));
  }

  /** The password, or null. Never log it. */
  public String password() {
    String info = redisUrl.getUserInfo();
    if (info == null || info.isEmpty()) {
      return null;
    }
    int colon = info.indexOf(':');
    String password = colon < 0 ? info : info.substring(colon + 1);
    return password.isEmpty() ? null : password;
  }

  /**
   * The URL for logs and messages: {@code redis://127.0.0.1:6390}, or with credentials
   * {@code redis://user:***@host:6390/2}; never the password.
   */
  public String redacted() {
    return redact(redisUrl);
  }

  /** A description without the password. */
  @Override
  public String toString() {
    return "CacheSettings[redis=" + redacted() + ", keyPrefix=" + keyPrefix + ", ttl=" + ttl
        + ", historyLength=" + historyLength + ", channel=" + channel + "]";
  }

  private static String redact(URI url) {
    StringBuilder text = new StringBuilder();
    text.append(url.getScheme()).append("://");
    String info = url.getUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String user = colon <= 0 ? "" : info.substring(0, colon);
      text.append(user).append(':').append(REDACTED).append('@');
    }
    text.append(url.getHost());
    if (url.getPort() >= 0) {
      text.append(':').append(url.getPort());
    }
    String path = url.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      text.append(path);
    }
    return text.toString();
  }

  private static int database(URI url) {
    String path = url.getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database < 0) {
        throw new NumberFormatException();
      }
      return database;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the Redis URL's path is not a database number (/0, /1...): " + path);
    }
  }

  private static String userInfo(String user, String password) {
    if (password == null || password.isEmpty()) {
      return user == null ? null : user + ":";
    }
    return (user == null ? "" : user) + ":" + password;
  }

  private static URI withUserInfo(URI url, String userInfo) {
    try {
      // The multi-argument constructor quotes what a URI cannot hold (@, /, spaces...), and
      // getUserInfo() decodes it again, so any password makes the round trip.
      return new URI(
          url.getScheme(),
          userInfo,
          url.getHost(),
          url.getPort(),
          url.getPath(),
          url.getQuery(),
          url.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot put credentials into " + redact(url), e);
    }
  }
}
