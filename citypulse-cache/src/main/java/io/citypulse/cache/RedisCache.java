package io.citypulse.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis cache sink: the latest state of every station, postcode and weather location, so
 * that a web app can read "now" without Kafka. The caller feeds it {@link CacheEntry entries}
 * (see {@link CacheEntries}) in topic order, in batches.
 *
 * <h2>Layout</h2>
 *
 * With the default prefix {@code citypulse} and kind {@code station}, {@code postcode} or
 * {@code weather} (see {@link CacheLayout}):
 *
 * <ul>
 *   <li>{@code citypulse:<kind>:<key>}, a hash: the record's fields (snake_case, as strings; null
 *       fields absent), {@code event_time} (ISO-8601 UTC), {@code json} (the record as on its
 *       topic), and {@code _event_ms}, {@code _fetched_ms}, the numbers the write compares. Its
 *       TTL ({@link CacheSettings#ttl()}) is set again at every write, so a key that stops coming
 *       disappears one TTL after its last write.
 *   <li>{@code citypulse:<kind>:<key>:history}, a list of the JSON of the key's past states,
 *       newest first (the current one included), at most {@link CacheSettings#historyLength()};
 *       same TTL.
 *   <li>{@code citypulse:<kind>s} ({@code citypulse:stations}, {@code :postcodes},
 *       {@code :weathers}), a sorted set of the kind's keys scored by the time of their last write
 *       (epoch ms, Redis's clock). Members older than the TTL are removed at each write, so it
 *       lists the keys whose hashes are alive; the set itself has the TTL too.
 *   <li>{@code PUBLISH citypulse:changes} ({@link CacheSettings#channel()}) at each change: {@code
 *       {"kind":"station","key":"velib:16107","event_time":"...","hash":"citypulse:station:velib:16107"}}.
 * </ul>
 *
 * <h2>Exactly once, in effect</h2>
 *
 * Each entry is written by one Lua script ({@code cache-write.lua}), atomically: an entry older
 * than the hash's (by event time, then fetch time) is ignored; one of the same times whose JSON
 * is the hash's, or is in the history, is a replay: nothing is written, nothing published (the
 * TTLs are refreshed). Anything else replaces the hash, is pushed on the history and published.
 * So a replay after a restart, or a batch retried after a failure, adds no duplicate and
 * publishes nothing twice, and an older record never overwrites a newer one. The script is run
 * by EVALSHA, pipelined per batch; after a server restart or SCRIPT FLUSH (NOSCRIPT) it is
 * loaded again and the batch rerun.
 *
 * <h2>Failures</h2>
 *
 * {@link #write} returns once its batch is written: while Redis cannot be reached (refused,
 * timed out, loading, read-only, credentials refused...) it reconnects and retries with
 * exponential {@link Backoff}, {@link #status()} saying RETRYING, until the batch lands, the
 * thread is interrupted ({@link InterruptedException}) or the cache is closed. An error no retry
 * cures (a key of another type in the way) throws {@link RedisCacheException}. Not for Redis
 * Cluster: an entry's keys are in different slots.
 *
 * <p>Thread-safe; writes are serialised. The password is never logged: logs and messages name
 * the server by {@link CacheSettings#redacted()}.
 */
public final class RedisCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);

  /** Entries per pipeline: bounds what a retry resends and what one round trip holds. */
  static final int PIPELINE_SIZE = 1000;

  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int SOCKET_TIMEOUT_MS = 10_000;
  private static final String SCRIPT = loadScript();
  /** What EVALSHA names the write script by: the SHA-1 of its text, as Redis computes it. */
  static final String SCRIPT_SHA = sha1(SCRIPT);

  /** Errors of a server that is starting, failing over or out of memory: they pass. */
  private static final List<String> TRANSIENT_ERRORS = List.of(
      "LOADING",
      "BUSY",
      "MASTERDOWN",
      "READONLY",
      "TRYAGAIN",
      "CLUSTERDOWN",
      "OOM",
      "NOAUTH",
      "WRONGPASS",
      "NOPERM");

  private final CacheSettings settings;
  private final CacheLayout layout;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final JedisClientConfig clientConfig;
  private final CountDownLatch closing = new CountDownLatch(1);

  /** Held for a whole write, retries included, so batches never interleave. */
  private final Object writeLock = new Object();

  /** Held for each use of the connection; not while a write sleeps, so close() is not held up. */
  private final Object connectionLock = new Object();

  private Jedis connection; // guarded by connectionLock
  private volatile boolean closed;

  private final Object statusLock = new Object();
  private CacheStatus status; // guarded by statusLock

  /** A cache on the system clock that waits between retries for real. */
  public RedisCache(CacheSettings settings) {
    this(settings, Clock.systemUTC(), null, Backoff.DEFAULT);
  }

  /**
   * @param clock the time of the status
   * @param sleeper waits between retries; null for a real wait that {@link #close()} cuts short
   * @param backoff how long to wait
   */
  public RedisCache(CacheSettings settings, Clock clock, Sleeper sleeper, Backoff backoff) {
    this.settings = settings;
    this.layout = new CacheLayout(settings.keyPrefix());
    this.clock = clock;
    this.sleeper = sleeper != null ? sleeper : this::sleepUnlessClosed;
    this.backoff = backoff;
    this.clientConfig = DefaultJedisClientConfig.builder()
        .user(settings.user())
        .password(settings.password())
        .database(settings.database())
        .ssl(settings.tls())
        .clientName("citypulse-cache")
        .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
        .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
        .build();
    this.status = new CacheStatus(CacheStatus.State.OK, clock.instant(), null, 0, 0, 0);
  }

  public CacheSettings settings() {
    return settings;
  }

  public CacheLayout layout() {
    return layout;
  }

  /**
   * Connects, authenticates and loads the write script, once, without retrying: the check at
   * start. The caller decides whether a failure stops it; {@link #write} would keep retrying.
   *
   * @throws RedisCacheException "Redis at redis://127.0.0.1:6390 is not reachable: Connection
   *     refused", or "... did not accept the credentials: WRONGPASS ..."
   */
  public void prepare() {
    synchronized (connectionLock) {
      checkOpen();
      try {
        connected();
      } catch (JedisException e) {
        dropConnection();
        String error = describe(e);
        throw new RedisCacheException(
            "Redis at " + settings.redacted()
                + (isAuthError(e) ? " did not accept the credentials: " : " is not reachable: ")
                + error,
            e);
      }
    }
    LOG.info(
        "Redis cache at {}: keys {}:*, TTL {}, history {}, changes on {}",
        settings.redacted(),
        settings.keyPrefix(),
        settings.ttl(),
        settings.historyLength(),
        settings.channel());
  }

  /**
   * Writes a batch in order and returns what it did; see the class comment. Blocks, retrying,
   * while Redis is away.
   *
   * @throws InterruptedException the thread was interrupted while waiting for Redis: the part of
   *     the batch not yet written is not written (a replay of it later is safe)
   * @throws RedisCacheException an error no retry cures
   * @throws IllegalStateException the cache is closed
   */
  public WriteOutcome write(List<CacheEntry> entries) throws InterruptedException {
    synchronized (writeLock) {
      WriteOutcome outcome = WriteOutcome.NONE;
      for (int from = 0; from < entries.size(); from += PIPELINE_SIZE) {
        List<CacheEntry> chunk =
            entries.subList(from, Math.min(entries.size(), from + PIPELINE_SIZE));
        outcome = outcome.plus(writeRetrying(chunk));
      }
      return outcome;
    }
  }

  /** The state now; cheap, for a status line. */
  public CacheStatus status() {
    synchronized (statusLock) {
      return status;
    }
  }

  /** The hash of a key: its fields, {@code event_time} and {@code json}; empty when absent. */
  public Map<String, String> read(CacheKind kind, String key) {
    return query(jedis -> jedis.hgetAll(layout.hashKey(kind, key)));
  }

  /** The JSON of a key's states, newest first. */
  public List<String> history(CacheKind kind, String key) {
    return query(jedis -> jedis.lrange(layout.historyKey(kind, key), 0, -1));
  }

  /** The keys of a kind that were written within the TTL, oldest write first. */
  public List<String> keys(CacheKind kind) {
    return query(jedis -> jedis.zrange(layout.indexKey(kind), 0, -1));
  }

  /** Closes the connection; a write waiting for Redis stops with an IllegalStateException. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    synchronized (connectionLock) {
      dropConnection();
    }
  }

  private WriteOutcome writeRetrying(List<CacheEntry> chunk) throws InterruptedException {
    int failures = 0;
    boolean scriptReloaded = false;
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException(
            "interrupted while writing to Redis at " + settings.redacted());
      }
      try {
        WriteOutcome outcome = runScripts(chunk);
        recordSuccess(outcome, failures);
        return outcome;
      } catch (ScriptMissing e) {
        // The server lost its scripts (restarted, SCRIPT FLUSH): load it and rerun the chunk,
        // which is safe as the script skips what it already wrote. Once without waiting; a
        // second time in a row is a failure like any other.
        if (!scriptReloaded) {
          scriptReloaded = true;
          LOG.info(
              "Redis at {} lost the cache's write script: loading it again", settings.redacted());
          continue;
        }
        failures++;
        waitAfter(e.getCause(), failures, chunk.size());
      } catch (JedisException e) {
        if (!isTransient(e)) {
          throw new RedisCacheException(
              "Redis at " + settings.redacted() + " rejected a cache write: " + describe(e), e);
        }
        failures++;
        waitAfter(e, failures, chunk.size());
      }
    }
  }

  /** Runs the script once per entry in one pipeline; the outcomes in entry order. */
  private WriteOutcome runScripts(List<CacheEntry> chunk) {
    synchronized (connectionLock) {
      checkOpen();
      try {
        Jedis jedis = connected();
        List<Response<Object>> responses = new ArrayList<>(chunk.size());
        Pipeline pipeline = jedis.pipelined();
        long ttlMillis = settings.ttl().toMillis();
        for (CacheEntry entry : chunk) {
          responses.add(pipeline.evalsha(
              SCRIPT_SHA,
              layout.scriptKeys(entry),
              layout.scriptArgs(entry, ttlMillis, settings.historyLength(), settings.channel())));
        }
        pipeline.sync();
        long changed = 0;
        long replayed = 0;
        long older = 0;
        JedisDataException noScript = null;
        for (Response<Object> response : responses) {
          Object result;
          try {
            result = response.get();
          } catch (JedisDataException e) {
            if (isNoScript(e)) {
              noScript = e;
              continue;
            }
            throw e;
          }
          long code = (Long) result;
          if (code > 0) {
            changed++;
          } else if (code == 0) {
            replayed++;
          } else {
            older++;
          }
        }
        if (noScript != null) {
          loadScript(jedis);
          throw new ScriptMissing(noScript);
        }
        return new WriteOutcome(changed, replayed, older);
      } catch (JedisException e) {
        if (!(e instanceof JedisDataException) || isTransient(e)) {
          // A broken or unusable connection: the next attempt starts on a new one.
          dropConnection();
        }
        throw e;
      }
    }
  }

  private void waitAfter(Throwable error, int failures, int batchSize) throws InterruptedException {
    Duration delay = backoff.delay(failures);
    String description = describe(error);
    boolean first;
    synchronized (statusLock) {
      first = status.state() == CacheStatus.State.OK;
      status = new CacheStatus(
          CacheStatus.State.RETRYING,
          first ? clock.instant() : status.since(),
          description,
          status.written(),
          status.skipped(),
          status.retries() + 1);
    }
    if (first) {
      LOG.warn(
          "Redis cache at {} cannot be written ({}): retrying the batch of {} until it lands",
          settings.redacted(),
          description,
          batchSize);
    } else {
      LOG.debug(
          "Redis cache at {}: attempt {} failed ({}), next in {}",
          settings.redacted(),
          failures,
          description,
          delay);
    }
    sleeper.sleep(delay);
    checkOpen();
  }

  private void recordSuccess(WriteOutcome outcome, int failures) {
    Instant since;
    synchronized (statusLock) {
      since = status.since();
      boolean recovered = status.state() == CacheStatus.State.RETRYING;
      status = new CacheStatus(
          CacheStatus.State.OK,
          recovered ? clock.instant() : status.since(),
          status.lastError(),
          status.written() + outcome.changed(),
          status.skipped() + outcome.skipped(),
          status.retries());
    }
    if (failures > 0) {
      LOG.info(
          "Redis cache at {} is written again, after {} retries since {}",
          settings.redacted(),
          failures,
          since);
    }
  }

  private <T> T query(Function<Jedis, T> command) {
    synchronized (connectionLock) {
      checkOpen();
      try {
        return command.apply(connected());
      } catch (JedisException e) {
        dropConnection();
        throw new RedisCacheException(
            "Redis at " + settings.redacted() + " could not be read: " + describe(e), e);
      }
    }
  }

  /** The connection, opened (with AUTH, SELECT and SCRIPT LOAD) if there is none. */
  private Jedis connected() {
    if (connection == null) {
      Jedis jedis = new Jedis(new HostAndPort(settings.host(), settings.port()), clientConfig);
      try {
        loadScript(jedis);
      } catch (JedisException e) {
        closeQuietly(jedis);
        throw e;
      }
      connection = jedis;
    }
    return connection;
  }

  private void loadScript(Jedis jedis) {
    String sha = jedis.scriptLoad(SCRIPT);
    if (!SCRIPT_SHA.equals(sha)) {
      throw new IllegalStateException(
          "Redis gave the write script the SHA-1 " + sha + ", not " + SCRIPT_SHA);
    }
  }

  private void dropConnection() {
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Redis cache at " + settings.redacted() + " is closed");
    }
  }

  private void sleepUnlessClosed(Duration duration) throws InterruptedException {
    closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void closeQuietly(Jedis jedis) {
    try {
      jedis.close();
    } catch (RuntimeException e) {
      // A broken connection may fail to close; it is dropped all the same.
    }
  }

  private static boolean isNoScript(JedisDataException e) {
    return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
  }

  private static boolean isAuthError(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.startsWith("WRONGPASS")
        || message.startsWith("NOAUTH")
        || message.startsWith("NOPERM")
        || message.toUpperCase(Locale.ROOT).contains("AUTHENTICATION REQUIRED");
  }

  /** A connection failure, or a server error that passes by itself; not a rejected command. */
  static boolean isTransient(JedisException e) {
    if (!(e instanceof JedisDataException)) {
      return true; // connection refused, reset, timed out, unexpected end of stream...
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    return TRANSIENT_ERRORS.stream().anyMatch(message::startsWith);
  }

  /** What went wrong, in a few words: the innermost cause's message (never the password). */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root.getSuppressed().length > 0) {
      // Jedis reports a failed connect as "Failed to connect to host:port." with the reason
      // (Connection refused, connect timed out...) suppressed, one per address tried.
      return describe(root.getSuppressed()[0]);
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
  }

  private static String loadScript() {
    try (InputStream in = RedisCache.class.getResourceAsStream("cache-write.lua")) {
      if (in == null) {
        throw new IllegalStateException("cache-write.lua is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-1 in this JVM", e);
    }
  }

  /** The pipeline met NOSCRIPT; the script is loaded again and the chunk is to be rerun. */
  private static final class ScriptMissing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptMissing(JedisDataException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
