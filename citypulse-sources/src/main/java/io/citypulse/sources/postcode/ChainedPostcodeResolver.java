package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationKey;
import io.citypulse.sources.metrics.Counters;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postcode of a station, first answer wins: the feed's {@code post_code}, the user table, the
 * reverse geocoder, else {@link PostcodeLocation#UNKNOWN}. Never guesses from the station code:
 * Vélib' codes start with the arrondissement, but Paris 16e alone has two postcodes (75016 and
 * 75116), and suburban codes follow no postcode at all.
 *
 * <p><b>Never blocks a poll on the network.</b> A station whose point is not in the geocode cache
 * is queued for a background geocoding thread and answered {@link PostcodeLocation#PENDING}
 * meanwhile (the ingest holds it back rather than publish a transient UNKNOWN); a later poll
 * finds the answer in the cache. Geocoding the ~1,500 Vélib' stations at 40 requests/s takes
 * ~40 s; doing it inline would hold the first poll (and all publishing) that long, and a slow or
 * down geocoder would stall the pipeline. Feed, table and cache answers are immediate. Pass a
 * direct executor ({@code Runnable::run}) to the constructor to geocode synchronously instead.
 *
 * <p>Answers are memoised per station ({@code system:stationCode}) and re-resolved only when the
 * station's feed postcode or coordinates change. A station whose geocoding failed transiently
 * (timeout, 5xx, 429) stays unsettled and is queued again on a later poll, after an exponential
 * backoff (30 s doubling to 30 min) or the 429's {@code Retry-After}.
 *
 * <p>Counters (once per station, not per poll): {@code postcode.feed}, {@code postcode.table},
 * {@code postcode.geocoder}, {@code postcode.unknown}, {@code postcode.deferred} (waiting for the
 * geocoder), {@code geocoder.cache_hits}; the geocoder adds {@code geocoder.requests},
 * {@code geocoder.errors}, {@code geocoder.rate_limited}.
 */
public final class ChainedPostcodeResolver implements PostcodeResolver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainedPostcodeResolver.class);

  static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(30);
  static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(30);

  /**
   * One request takes ~50-150 ms from France, so one thread alone would manage ~10/s; four
   * sharing the rate limiter reach the 40/s ceiling without exceeding it.
   */
  private static final int GEOCODER_THREADS = 4;

  private final PostcodeTable table;
  private final ReverseGeocoder geocoder;
  private final GeocodeCache cache;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final Clock clock;
  private final Counters counters;

  private final ConcurrentMap<String, StationState> stations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RetryState> retries = new ConcurrentHashMap<>();
  private final Set<String> geocodedByThisProcess = ConcurrentHashMap.newKeySet();

  /**
   * @param table the user table ({@link PostcodeTable#empty()} for none)
   * @param geocoder the reverse geocoder, or null when geocoding is switched off
   * @param cache definitive geocoding answers, consulted before any request
   * @param geocodingExecutor runs geocoding requests; {@code Runnable::run} makes them synchronous
   * @param clock for retry backoff
   */
  public ChainedPostcodeResolver(PostcodeTable table, ReverseGeocoder geocoder, GeocodeCache cache,
      Executor geocodingExecutor, Clock clock, Counters counters) {
    this(table, geocoder, cache, geocodingExecutor, null, clock, counters);
  }

  private ChainedPostcodeResolver(PostcodeTable table, ReverseGeocoder geocoder,
      GeocodeCache cache, Executor executor, ExecutorService ownedExecutor, Clock clock,
      Counters counters) {
    this.table = Objects.requireNonNull(table, "table");
    this.geocoder = geocoder;
    this.cache = Objects.requireNonNull(cache, "cache");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.ownedExecutor = ownedExecutor;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  /**
   * The production wiring: loads the table (a bad table throws {@link PostcodeTableException}),
   * opens the cache under {@code settings.cacheDir()}, and starts background geocoding threads
   * (daemons; {@link #close()} stops them).
   */
  public static ChainedPostcodeResolver create(PostcodeSettings settings, Counters counters) {
    PostcodeTable table = settings.tableFile() == null
        ? PostcodeTable.empty() : PostcodeTable.load(settings.tableFile());
    if (!settings.geocoderEnabled()) {
      LOG.info("reverse geocoding is off: stations without a feed or table postcode go to {}",
          PostcodeLocation.UNKNOWN.postcode());
      return new ChainedPostcodeResolver(table, null, GeocodeCache.inMemory(), Runnable::run,
          null, Clock.systemUTC(), counters);
    }
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(settings.geocoderTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    ReverseGeocoder geocoder = new ReverseGeocoder(http, settings.geocoderBaseUrl(),
        settings.geocoderTimeout(), RateLimiter.perSecond(settings.geocoderMaxRequestsPerSecond()),
        Clock.systemUTC(), counters);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(GEOCODER_THREADS, task -> {
      Thread thread = new Thread(task, "citypulse-geocoder-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    return new ChainedPostcodeResolver(table, geocoder, GeocodeCache.open(settings.cacheDir()),
        executor, executor, Clock.systemUTC(), counters);
  }

  @Override
  public PostcodeLocation resolve(String system, StationInformation info) {
    if (info == null) {
      // Nothing to go on (status without information); the poller counts those itself.
      return PostcodeLocation.UNKNOWN;
    }
    String code = info.stationCode() != null ? info.stationCode() : info.stationId();
    String key = StationKey.of(system, code);
    Fingerprint fingerprint = Fingerprint.of(info);
    StationState known = stations.get(key);
    if (known != null && known.settled() && known.fingerprint().equals(fingerprint)) {
      return known.location();
    }
    return stations.compute(key, (k, old) ->
        old != null && old.settled() && old.fingerprint().equals(fingerprint)
            ? old : settle(k, info, fingerprint, old)).location();
  }

  /**
   * Waits until every geocoding request queued so far has finished; for warm-up and tests.
   *
   * @return false if some were still running at the timeout
   */
  public boolean awaitGeocoding(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!inFlight.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        CompletableFuture.allOf(inFlight.values().toArray(CompletableFuture[]::new))
            .get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        // Tasks complete normally even when geocoding fails; nothing to report here.
      }
    }
    return true;
  }

  @Override
  public boolean awaitPending(Duration timeout) throws InterruptedException {
    return awaitGeocoding(timeout);
  }

  /** Geocoding requests queued or running. */
  public int pendingGeocodes() {
    return inFlight.size();
  }

  /** Stops the background geocoding threads this resolver started; the cache is already on disk. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  private StationState settle(String key, StationInformation info, Fingerprint fingerprint,
      StationState old) {
    if (old != null && old.settled()) {
      LOG.info("station {} changed (feed postcode or coordinates); resolving its postcode again",
          key);
    }
    if (fingerprint.feedPostcode() != null) {
      counters.increment("postcode.feed");
      // The feed gives no commune; the table's is right when its row agrees on the postcode (a
      // row with another postcode describes another place, so its commune would be wrong too).
      String commune = table.find(info.stationCode(), info.stationId())
          .filter(row -> fingerprint.feedPostcode().equals(row.postcode()))
          .map(PostcodeLocation::commune)
          .orElse(null);
      return settled(fingerprint,
          new PostcodeLocation(fingerprint.feedPostcode(), commune, PostcodeLocation.Source.FEED));
    }
    Optional<PostcodeLocation> row = table.find(info.stationCode(), info.stationId());
    if (row.isPresent()) {
      counters.increment("postcode.table");
      return settled(fingerprint, row.get());
    }
    if (geocoder == null) {
      return unknown(key, fingerprint, "no feed postcode, no table row, geocoder off");
    }
    if (!fingerprint.hasPoint()) {
      return unknown(key, fingerprint, "no feed postcode, no table row, no coordinates");
    }
    double lat = fingerprint.lat();
    double lon = fingerprint.lon();
    Optional<PostcodeLocation> cached = cache.get(lat, lon);
    if (cached.isEmpty()) {
      geocodeIfDue(lat, lon);
      cached = cache.get(lat, lon); // a synchronous executor has answered already
    }
    if (cached.isPresent()) {
      if (!geocodedByThisProcess.contains(GeocodeCache.keyOf(lat, lon))) {
        counters.increment("geocoder.cache_hits");
      }
      if (cached.get().isKnown()) {
        counters.increment("postcode.geocoder");
        return settled(fingerprint, cached.get());
      }
      return unknown(key, fingerprint, "no address with a postcode near " + lat + "," + lon);
    }
    if (old == null || old.settled() || !old.fingerprint().equals(fingerprint)) {
      counters.increment("postcode.deferred");
      LOG.debug("station {}: waiting for the geocoder; held back until it answers", key);
    }
    return new StationState(fingerprint, PostcodeLocation.PENDING, false);
  }

  private StationState unknown(String key, Fingerprint fingerprint, String reason) {
    counters.increment("postcode.unknown");
    LOG.info("station {}: postcode unknown ({}); published under {}", key, reason,
        PostcodeLocation.UNKNOWN.postcode());
    return settled(fingerprint, PostcodeLocation.UNKNOWN);
  }

  private static StationState settled(Fingerprint fingerprint, PostcodeLocation location) {
    return new StationState(fingerprint, location, true);
  }

  private void geocodeIfDue(double lat, double lon) {
    String point = GeocodeCache.keyOf(lat, lon);
    RetryState retry = retries.get(point);
    if (retry != null && clock.instant().isBefore(retry.notBefore())) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (inFlight.putIfAbsent(point, done) != null) {
      return; // already queued by this or another station at the same point
    }
    try {
      executor.execute(() -> geocode(point, lat, lon, done));
    } catch (RejectedExecutionException e) {
      LOG.debug("geocoding executor closed; {} not geocoded", point);
      inFlight.remove(point, done);
      done.complete(null);
    }
  }

  private void geocode(String point, double lat, double lon, CompletableFuture<Void> done) {
    try {
      GeocodeResult result = geocoder.reverse(lat, lon);
      switch (result.status()) {
        case FOUND, NOT_FOUND -> {
          cache.put(lat, lon, result.location());
          geocodedByThisProcess.add(point);
          retries.remove(point);
        }
        case RATE_LIMITED -> retries.merge(point,
            new RetryState(0, result.retryAfter()),
            (old, fresh) -> new RetryState(old.failures(), result.retryAfter()));
        case FAILED -> retries.merge(point,
            new RetryState(1, clock.instant().plus(backoff(1))),
            (old, fresh) -> new RetryState(old.failures() + 1,
                clock.instant().plus(backoff(old.failures() + 1))));
        default -> throw new IllegalStateException("unexpected " + result.status());
      }
    } catch (RuntimeException e) {
      LOG.warn("geocoding {} failed unexpectedly", point, e);
      retries.put(point, new RetryState(1, clock.instant().plus(MAX_RETRY_DELAY)));
    } finally {
      inFlight.remove(point, done);
      done.complete(null);
    }
  }

  static Duration backoff(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 16);
    Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
  }

  /** What a station's answer depends on: a change means the station moved or the feed changed. */
  private record Fingerprint(String feedPostcode, Double lat, Double lon) {
    static Fingerprint of(StationInformation info) {
      String feed = info.postcode() == null || info.postcode().isBlank()
          ? null : info.postcode().trim();
      return new Fingerprint(feed, info.lat(), info.lon());
    }

    /** (0, 0) is the usual placeholder of a station with no position, not a place to geocode. */
    boolean hasPoint() {
      return lat != null && lon != null && Double.isFinite(lat) && Double.isFinite(lon)
          && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat == 0 && lon == 0);
    }
  }

  /** A station's answer; unsettled means "waiting for the geocoder", re-examined at every poll. */
  private record StationState(Fingerprint fingerprint, PostcodeLocation location, boolean settled) {}

  /** When a point may be asked again, after {@code failures} transient failures in a row. */
  private record RetryState(int failures, Instant notBefore) {}
}
