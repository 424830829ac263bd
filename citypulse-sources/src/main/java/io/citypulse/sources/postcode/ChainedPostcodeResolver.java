package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationKey;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.postcode.PostcodeResolution.GeocoderState;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * meanwhile (the ingest holds it back rather than publish a transient UNKNOWN); a later call
 * finds the answer in the cache. Geocoding the ~1,500 Vélib' stations at 40 requests/s takes
 * ~40 s; doing it inline would hold the first poll (and all publishing) that long, and a slow or
 * down geocoder would stall the pipeline. Feed, table and cache answers are immediate. Pass a
 * direct executor ({@code Runnable::run}) to the constructor to geocode synchronously instead.
 *
 * <p><b>Never waits for the geocoder for ever.</b> A station is PENDING for at most
 * {@link GeocodingWaits#pendingTimeout()} from when it was first seen waiting, and not at all
 * while the geocoder is known to be down ({@link GeocoderCircuit} open): it is then answered
 * {@code UNKNOWN} ({@link UnknownReason#GEOCODER_UNREACHABLE}) so its bikes count somewhere, and
 * keeps being geocoded; once the geocoder answers, the next call returns the real postcode and
 * the ingest re-publishes the station, which the per-postcode job moves.
 *
 * <p>Answers are memoised per station ({@code system:stationCode}) and re-resolved only when the
 * station's feed postcode or coordinates change. A point whose geocoding failed transiently
 * (timeout, 5xx, 429) is asked again after a backoff ({@code backoffInitial} doubling to
 * {@code backoffMax}) or the 429's {@code Retry-After}; when the circuit closes after an outage
 * those delays are cleared, so every waiting station is asked again at once.
 *
 * <p>Counters (once per station, not per poll): {@code postcode.feed}, {@code postcode.table},
 * {@code postcode.geocoder}, {@code postcode.unknown}, {@code postcode.deferred} (waiting for the
 * geocoder), {@code postcode.pending_timeout} (published under UNKNOWN while waiting),
 * {@code geocoder.cache_hits}; the geocoder adds {@code geocoder.requests},
 * {@code geocoder.errors}, {@code geocoder.rate_limited}. {@link #status()} is the snapshot of the
 * current stations.
 */
public final class ChainedPostcodeResolver implements PostcodeResolver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainedPostcodeResolver.class);
  /** Stations with an unknown postcode named one by one at INFO; the rest at DEBUG. */
  static final int UNKNOWN_LOGGED_AT_INFO = 20;

  private final AtomicLong unknownLogged = new AtomicLong();

  static final Duration FIRST_RETRY_DELAY = PostcodeSettings.DEFAULT_BACKOFF_INITIAL;
  static final Duration MAX_RETRY_DELAY = PostcodeSettings.DEFAULT_BACKOFF_MAX;

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
  private final GeocodingWaits waits;
  private final GeocoderCircuit circuit;

  private final ConcurrentMap<String, StationState> stations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RetryState> retries = new ConcurrentHashMap<>();
  private final Set<String> geocodedByThisProcess = ConcurrentHashMap.newKeySet();

  /**
   * A resolver with the default pending timeout and backoff ({@link GeocodingWaits#DEFAULTS}).
   *
   * @param table the user table ({@link PostcodeTable#empty()} for none)
   * @param geocoder the reverse geocoder, or null when geocoding is switched off
   * @param cache definitive geocoding answers, consulted before any request
   * @param geocodingExecutor runs geocoding requests; {@code Runnable::run} makes them synchronous
   * @param clock for the pending timeout and retry backoff
   */
  public ChainedPostcodeResolver(
      PostcodeTable table,
      ReverseGeocoder geocoder,
      GeocodeCache cache,
      Executor geocodingExecutor,
      Clock clock,
      Counters counters) {
    this(table, geocoder, cache, geocodingExecutor, clock, counters, GeocodingWaits.DEFAULTS);
  }

  /** As above, with its own pending timeout and backoff. */
  public ChainedPostcodeResolver(
      PostcodeTable table,
      ReverseGeocoder geocoder,
      GeocodeCache cache,
      Executor geocodingExecutor,
      Clock clock,
      Counters counters,
      GeocodingWaits waits) {
    this(table, geocoder, cache, geocodingExecutor, null, clock, counters, waits);
  }

  private ChainedPostcodeResolver(
      PostcodeTable table,
      ReverseGeocoder geocoder,
      GeocodeCache cache,
      Executor executor,
      ExecutorService ownedExecutor,
      Clock clock,
      Counters counters,
      GeocodingWaits waits) {
    this.table = Objects.requireNonNull(table, "table");
    this.geocoder = geocoder;
    this.cache = Objects.requireNonNull(cache, "cache");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.ownedExecutor = ownedExecutor;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.waits = Objects.requireNonNull(waits, "waits");
    this.circuit = new GeocoderCircuit(waits.backoffInitial(), waits.backoffMax(), clock);
  }

  /**
   * The production wiring: loads the table (a bad table throws {@link PostcodeTableException}),
   * opens the cache under {@code settings.cacheDir()}, and starts background geocoding threads
   * (daemons; {@link #close()} stops them).
   */
  public static ChainedPostcodeResolver create(PostcodeSettings settings, Counters counters) {
    PostcodeTable table = settings.tableFile() == null
        ? PostcodeTable.empty()
        : PostcodeTable.load(settings.tableFile());
    counters.add("postcode.table_blank_rows", table.blankRows().size());
    if (!settings.geocoderEnabled()) {
      LOG.info(
          "reverse geocoding is off: stations without a feed or table postcode go to {}",
          PostcodeLocation.UNKNOWN.postcode());
      return new ChainedPostcodeResolver(
          table,
          null,
          GeocodeCache.inMemory(),
          Runnable::run,
          null,
          Clock.systemUTC(),
          counters,
          settings.waits());
    }
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(settings.geocoderTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    ReverseGeocoder geocoder = new ReverseGeocoder(
        http,
        settings.geocoderBaseUrl(),
        settings.geocoderTimeout(),
        RateLimiter.perSecond(settings.geocoderMaxRequestsPerSecond()),
        Clock.systemUTC(),
        counters);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(GEOCODER_THREADS, task -> {
      Thread thread = new Thread(task, "citypulse-geocoder-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    return new ChainedPostcodeResolver(
        table,
        geocoder,
        GeocodeCache.open(settings.cacheDir()),
        executor,
        executor,
        Clock.systemUTC(),
        counters,
        settings.waits());
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
    return stations
        .compute(
            key,
            (k, old) -> old != null && old.settled() && old.fingerprint().equals(fingerprint)
                ? old
                : settle(k, info, fingerprint, old))
        .location();
  }

  /**
   * Where the postcodes of every station seen so far stand now. A waiting station whose pending
   * timeout has passed, or that waits while the geocoder is down, counts as unknown
   * ({@link UnknownReason#GEOCODER_UNREACHABLE}) even before it is asked again. Thread-safe; one
   * pass over the stations.
   */
  public PostcodeResolution status() {
    Instant now = clock.instant();
    boolean down = circuit.isOpen();
    int pending = 0;
    Map<Source, Integer> resolved = new EnumMap<>(Source.class);
    Map<UnknownReason, Integer> unknown = new EnumMap<>(UnknownReason.class);
    for (StationState state : stations.values()) {
      if (state.settled()) {
        if (state.location().isKnown()) {
          resolved.merge(state.location().source(), 1, Integer::sum);
        } else {
          unknown.merge(state.reason(), 1, Integer::sum);
        }
      } else if (state.reason() != null || down || timedOut(state.pendingSince(), now)) {
        unknown.merge(UnknownReason.GEOCODER_UNREACHABLE, 1, Integer::sum);
      } else {
        pending++;
      }
    }
    GeocoderState geocoderState;
    Instant retryAt = null;
    if (geocoder == null) {
      geocoderState = GeocoderState.OFF;
    } else if (circuit.isProbing()) {
      geocoderState = GeocoderState.PROBING;
    } else if (down) {
      geocoderState = GeocoderState.OPEN;
      retryAt = circuit.retryAt();
    } else if (now.isBefore(geocoder.pausedUntil())) {
      geocoderState = GeocoderState.RATE_LIMITED;
      retryAt = geocoder.pausedUntil();
    } else {
      geocoderState = GeocoderState.OK;
    }
    return new PostcodeResolution(pending, resolved, unknown, geocoderState, retryAt);
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

  private StationState settle(
      String key, StationInformation info, Fingerprint fingerprint, StationState old) {
    if (old != null && old.settled()) {
      LOG.info(
          "station {} changed (feed postcode or coordinates); resolving its postcode again", key);
    }
    if (fingerprint.feedPostcode() != null) {
      counters.increment("postcode.feed");
      // The feed gives no commune; the table's is right when its row agrees on the postcode (a
      // row with another postcode describes another place, so its commune would be wrong too).
      String commune = table
          .communeOf(info.stationCode(), info.stationId(), fingerprint.feedPostcode())
          .orElse(null);
      return settled(
          fingerprint,
          new PostcodeLocation(fingerprint.feedPostcode(), commune, PostcodeLocation.Source.FEED));
    }
    Optional<PostcodeLocation> row = table.find(info.stationCode(), info.stationId());
    if (row.isPresent()) {
      counters.increment("postcode.table");
      return settled(fingerprint, row.get());
    }
    if (geocoder == null) {
      return unknown(
          key,
          fingerprint,
          UnknownReason.NOT_IN_TABLE,
          "no feed postcode, no table row, geocoder off");
    }
    if (!fingerprint.hasPoint()) {
      return unknown(
          key,
          fingerprint,
          UnknownReason.NO_COORDINATES,
          "no feed postcode, no table row, no coordinates");
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
        if (old != null && !old.settled() && old.reason() != null) {
          LOG.debug(
              "station {}: the geocoder answered {}; it leaves {}",
              key,
              cached.get().postcode(),
              PostcodeLocation.UNKNOWN.postcode());
        }
        return settled(fingerprint, cached.get());
      }
      return unknown(
          key,
          fingerprint,
          UnknownReason.NO_ADDRESS,
          "no address with a postcode near " + lat + "," + lon);
    }
    return waiting(key, fingerprint, old);
  }

  /**
   * A station the geocoder has not answered for: PENDING until its timeout (counted from when it
   * was first seen waiting, even if it moved meanwhile), then UNKNOWN until the answer comes;
   * UNKNOWN at once while the circuit is open, since no answer can come before the next probe.
   */
  private StationState waiting(String key, Fingerprint fingerprint, StationState old) {
    Instant now = clock.instant();
    boolean waitingBefore = old != null && !old.settled();
    if (!waitingBefore || !old.fingerprint().equals(fingerprint)) {
      counters.increment("postcode.deferred");
      LOG.debug("station {}: waiting for the geocoder; held back until it answers", key);
    }
    Instant since = waitingBefore ? old.pendingSince() : now;
    if (waitingBefore && old.reason() != null) {
      // Once published under UNKNOWN it stays there until the answer: no flapping back to PENDING.
      return new StationState(
          fingerprint, PostcodeLocation.UNKNOWN, false, UnknownReason.GEOCODER_UNREACHABLE, since);
    }
    boolean down = circuit.isOpen();
    if (down || timedOut(since, now)) {
      counters.increment("postcode.pending_timeout");
      LOG.debug(
          "station {}: {}; published under {} until the geocoder answers",
          key,
          down ? "the geocoder is down" : "no geocoder answer within " + waits.pendingTimeout(),
          PostcodeLocation.UNKNOWN.postcode());
      return new StationState(
          fingerprint, PostcodeLocation.UNKNOWN, false, UnknownReason.GEOCODER_UNREACHABLE, since);
    }
    return new StationState(fingerprint, PostcodeLocation.PENDING, false, null, since);
  }

  private boolean timedOut(Instant pendingSince, Instant now) {
    return !now.isBefore(pendingSince.plus(waits.pendingTimeout()));
  }

  private StationState unknown(
      String key, Fingerprint fingerprint, UnknownReason reason, String detail) {
    counters.increment("postcode.unknown");
    // A catalogue-wide run without a geocoder has hundreds of thousands of such stations: the
    // first ones say why, the rest are counted (postcode.unknown, the status line) and at DEBUG.
    long logged = unknownLogged.incrementAndGet();
    if (logged <= UNKNOWN_LOGGED_AT_INFO) {
      LOG.info(
          "station {}: postcode unknown ({}); published under {}{}",
          key,
          detail,
          PostcodeLocation.UNKNOWN.postcode(),
          logged == UNKNOWN_LOGGED_AT_INFO
              ? " (further stations with an unknown postcode are logged at DEBUG only; the status"
                  + " line counts them)"
              : "");
    } else {
      LOG.debug(
          "station {}: postcode unknown ({}); published under {}",
          key,
          detail,
          PostcodeLocation.UNKNOWN.postcode());
    }
    return new StationState(fingerprint, PostcodeLocation.UNKNOWN, true, reason, null);
  }

  private static StationState settled(Fingerprint fingerprint, PostcodeLocation location) {
    return new StationState(fingerprint, location, true, null, null);
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
    GeocoderCircuit.Admission admission = circuit.admit();
    if (admission == GeocoderCircuit.Admission.WAIT) {
      // The geocoder is down: nothing is queued until the next probe.
      inFlight.remove(point, done);
      done.complete(null);
      return;
    }
    boolean probe = admission == GeocoderCircuit.Admission.PROBE;
    if (probe) {
      LOG.debug("asking the geocoder again (one probe request; the others wait for its answer)");
    }
    try {
      executor.execute(() -> geocode(point, lat, lon, probe, done));
    } catch (RejectedExecutionException e) {
      LOG.debug("geocoding executor closed; {} not geocoded", point);
      inFlight.remove(point, done);
      done.complete(null);
      if (probe) {
        circuit.onFailure("resolver closed");
      }
    }
  }

  private void geocode(
      String point, double lat, double lon, boolean probe, CompletableFuture<Void> done) {
    try {
      if (!probe && !circuit.isClosed()) {
        return; // the circuit opened while this waited in the queue: not sent, asked again later
      }
      GeocodeResult result = geocoder.reverse(lat, lon);
      if (Thread.currentThread().isInterrupted()) {
        return; // close() stopped the thread: not the service's failure, nothing to count
      }
      switch (result.status()) {
        case FOUND, NOT_FOUND -> {
          cache.put(lat, lon, result.location());
          geocodedByThisProcess.add(point);
          retries.remove(point);
          if (circuit.onAnswer()) {
            // Every waiting point is asked again at once, not after its own grown delay.
            retries.clear();
            LOG.info("the geocoder answers again; stations waiting for it are geocoded now");
          }
        }
        case RATE_LIMITED -> {
          retries.merge(
              point,
              new RetryState(0, result.retryAfter()),
              (old, fresh) -> new RetryState(old.failures(), result.retryAfter()));
          circuit.onRateLimited(result.retryAfter());
        }
        case FAILED -> {
          retries.merge(
              point,
              new RetryState(1, clock.instant().plus(retryDelay(1))),
              (old, fresh) -> new RetryState(
                  old.failures() + 1, clock.instant().plus(retryDelay(old.failures() + 1))));
          failed(result.detail(), probe);
        }
        default -> throw new IllegalStateException("unexpected " + result.status());
      }
    } catch (RuntimeException e) {
      LOG.warn("geocoding {} failed unexpectedly", point, e);
      retries.put(point, new RetryState(1, clock.instant().plus(waits.backoffMax())));
      failed(e.toString(), probe);
    } finally {
      inFlight.remove(point, done);
      done.complete(null);
    }
  }

  private void failed(String detail, boolean probe) {
    if (circuit.onFailure(detail)) {
      LOG.warn(
          "the geocoder failed {} times in a row (last: {}); no request before {}"
              + " (postcodes.geocoder.backoff.*); stations waiting for it are published under {} and"
              + " move to their postcode when it answers",
          GeocoderCircuit.FAILURES_TO_OPEN,
          detail,
          circuit.retryAt(),
          PostcodeLocation.UNKNOWN.postcode());
    } else if (probe) {
      LOG.info("the geocoder still fails ({}); next try at {}", detail, circuit.retryAt());
    }
  }

  private Duration retryDelay(int failures) {
    return doubling(waits.backoffInitial(), waits.backoffMax(), failures);
  }

  /** The default per-point retry delay after {@code failures} failures in a row. */
  static Duration backoff(int failures) {
    return doubling(FIRST_RETRY_DELAY, MAX_RETRY_DELAY, failures);
  }

  /** {@code first} after one failure, doubling with each further one, at most {@code max}. */
  static Duration doubling(Duration first, Duration max, int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 16);
    Duration delay = first.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 ? max : delay;
  }

  /** What a station's answer depends on: a change means the station moved or the feed changed. */
  private record Fingerprint(String feedPostcode, Double lat, Double lon) {
    static Fingerprint of(StationInformation info) {
      String feed = info.postcode() == null || info.postcode().isBlank()
          ? null
          : info.postcode().trim();
      return new Fingerprint(feed, info.lat(), info.lon());
    }

    /** (0, 0) is the usual placeholder of a station with no position, not a place to geocode. */
    boolean hasPoint() {
      return lat != null
          && lon != null
          && Double.isFinite(lat)
          && Double.isFinite(lon)
          && Math.abs(lat) <= 90
          && Math.abs(lon) <= 180
          && !(lat == 0 && lon == 0);
    }
  }

  /**
   * A station's answer. Settled answers are final until the fingerprint changes; unsettled ones
   * wait for the geocoder and are re-examined at every call: {@code reason} null means PENDING,
   * {@code GEOCODER_UNREACHABLE} means published under UNKNOWN meanwhile.
   *
   * @param reason why the location is UNKNOWN, else null
   * @param pendingSince when an unsettled station was first seen waiting, else null
   */
  private record StationState(
      Fingerprint fingerprint,
      PostcodeLocation location,
      boolean settled,
      UnknownReason reason,
      Instant pendingSince) {}

  /** When a point may be asked again, after {@code failures} transient failures in a row. */
  private record RetryState(int failures, Instant notBefore) {}
}
