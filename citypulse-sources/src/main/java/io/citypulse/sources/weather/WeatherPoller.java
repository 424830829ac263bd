package io.citypulse.sources.weather;

import io.citypulse.model.WeatherObservation;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetter;
import io.citypulse.sources.poll.DeadLetterSink;
import io.citypulse.sources.poll.PollLoop;
import io.citypulse.sources.poll.PollSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one weather source for each location every {@code interval} and hands each NEW valid
 * observation to a {@link WeatherListener}. New means observed later than the last one delivered
 * for that location: OpenWeatherMap, for one, answers with the same {@code dt} for about ten
 * minutes, and those repeats are counted, not published.
 *
 * <p>What each outcome does: a 304 ({@link WeatherFetch.NotModified}) counts as unchanged; an invalid observation or unreadable body goes to the dead letters
 * (with the raw body and the reason); 5xx, timeouts and refused connections retry that location
 * with exponential backoff; 429 pauses the whole source for Retry-After (at least the backoff);
 * 404 or an unknown city skips that location for good; 401/403 stops the source (the key is
 * wrong: no further call can succeed) while the rest of the pipeline goes on. Nothing here throws.
 *
 * <p>{@link #start()} polls on its own thread; {@link #pollOnce()} runs one cycle on the caller's.
 * The thread, the source-wide backoff, counting, dead letters and status bookkeeping are
 * {@link PollLoop}'s; this class keeps the locations, their schedules and the newness rule.
 */
public final class WeatherPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WeatherPoller.class);

  /** Cycles run. */
  public static final String POLLS = "weather.polls";
  /** Fetches that returned an observation (valid or not, new or not) or a 304. */
  public static final String FETCH_OK = "weather.fetch.ok";
  /** Fetches that failed and will be retried. */
  public static final String FETCH_FAILED = "weather.fetch.failed";
  /** Followed by timeout, io_error or http_error. */
  public static final String FETCH_FAILED_PREFIX = "weather.fetch.failed.";

  public static final String RATE_LIMITED = "weather.rate_limited";
  public static final String AUTH_FAILURES = "weather.auth_failures";
  public static final String LOCATIONS_SKIPPED = "weather.locations.skipped";
  /** Observations handed to the listener. */
  public static final String PUBLISHED = "weather.observations.published";
  /** Observations not newer than the last one delivered for their location, and 304 answers. */
  public static final String UNCHANGED = "weather.observations.unchanged";
  /** Observations the validator rejected (each dead-lettered). */
  public static final String INVALID = "weather.observations.invalid";
  /** Bodies that could not be read (each dead-lettered). */
  public static final String PARSE_ERRORS = "weather.parse_errors";

  public static final String DEAD_LETTERS = "weather.dead_letters";
  public static final String DEAD_LETTER_ERRORS = "weather.dead_letters.failed";
  public static final String LISTENER_ERRORS = "weather.listener_errors";
  public static final String INTERNAL_ERRORS = "weather.internal_errors";
  private static final PollLoop.Counts COUNTS = new PollLoop.Counts(
      POLLS,
      FETCH_OK,
      FETCH_FAILED,
      PARSE_ERRORS,
      DEAD_LETTERS,
      DEAD_LETTER_ERRORS,
      LISTENER_ERRORS,
      INTERNAL_ERRORS);

  private final WeatherSource source;
  private final Duration interval;
  private final Clock clock;
  private final WeatherListener listener;
  private final Counters counters;
  private final List<LocationState> states;
  /** Runs the cycles; its backoff is the source-wide one, for rate limits. */
  private final PollLoop loop;

  private volatile Instant pausedUntil;

  /** With jittered backoffs from the settings; warns when the locations need more calls than the free tier. */
  public WeatherPoller(
      WeatherSettings settings,
      WeatherSource source,
      Clock clock,
      Sleeper sleeper,
      WeatherListener listener,
      DeadLetterSink deadLetters,
      Counters counters) {
    this(
        source,
        settings.locations(),
        settings.interval(),
        clock,
        sleeper,
        listener,
        deadLetters,
        counters,
        () -> Backoff.withJitter(settings.backoffInitial(), settings.backoffMax()));
    if (settings.kind() != WeatherSourceKind.GENERATOR) {
      settings
          .kind()
          .budgetWarning(settings.locations().size(), settings.interval())
          .ifPresent(warning -> LOG.warn("Weather: {}", warning));
    }
  }

  /**
   * @param backoffs makes one backoff per location and one for rate limits (tests:
   *     {@code () -> Backoff.withoutJitter(...)})
   */
  public WeatherPoller(
      WeatherSource source,
      List<WeatherLocation> locations,
      Duration interval,
      Clock clock,
      Sleeper sleeper,
      WeatherListener listener,
      DeadLetterSink deadLetters,
      Counters counters,
      Supplier<Backoff> backoffs) {
    this.source = Objects.requireNonNull(source, "source");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("weather interval must be positive, got " + interval);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.counters = Objects.requireNonNull(counters, "counters");
    Backoff rateLimitBackoff = backoffs.get();
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("no weather location to poll");
    }
    List<LocationState> list = new ArrayList<>();
    for (WeatherLocation location : locations) {
      list.add(new LocationState(location, backoffs.get()));
    }
    this.states = List.copyOf(list);
    this.loop = new PollLoop(
        "weather-poller-" + source.id(),
        LOG,
        this::cycle,
        rateLimitBackoff,
        COUNTS,
        clock,
        sleeper,
        counters,
        deadLetters);
  }

  /** Starts polling on a daemon thread named {@code weather-poller-<source>}. */
  public void start() {
    loop.start();
    LOG.info(
        "Polling weather from {} for {} every {}",
        source.describe(),
        states.stream().map(s -> s.location.key()).toList(),
        interval);
  }

  /** Stops the thread: interrupts a wait or a fetch and waits for the cycle to end. */
  @Override
  public void close() {
    loop.stop(Duration.ofSeconds(30));
  }

  /** True once the source has stopped for good (see {@link WeatherPollerStatus#stoppedBecause()}). */
  public boolean stopped() {
    return loop.finishedBecause() != null;
  }

  public WeatherPollerStatus status() {
    List<WeatherLocationStatus> locations =
        states.stream().map(LocationState::status).toList();
    return new WeatherPollerStatus(
        source.id(),
        source.describe(),
        loop.running(),
        loop.finishedBecause(),
        pausedUntil,
        loop.lastErrorAt(),
        loop.lastError(),
        locations);
  }

  /**
   * Fetches every location that is due, in order, unless the source is paused or stopped.
   *
   * @return how long to wait before the next cycle ({@link Duration#ZERO} once stopped)
   */
  public Duration pollOnce() {
    return loop.pollOnce();
  }

  private Duration cycle() {
    Instant now = clock.instant();
    if (pausedUntil != null && now.isBefore(pausedUntil)) {
      return Duration.between(now, pausedUntil);
    }
    pausedUntil = null;
    for (LocationState state : states) {
      if (stopped() || pausedUntil != null) {
        break;
      }
      if (state.skippedBecause != null || clock.instant().isBefore(state.nextPollAt)) {
        continue;
      }
      WeatherFetch outcome;
      try {
        outcome = source.fetch(state.location);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Duration.ZERO;
      }
      handle(state, outcome);
    }
    if (!stopped() && states.stream().allMatch(s -> s.skippedBecause != null)) {
      stop("no location left to poll: "
          + states.stream()
              .map(s -> s.location.key() + " (" + s.skippedBecause + ")")
              .toList());
    }
    return stopped() ? Duration.ZERO : untilNextDue();
  }

  private void handle(LocationState state, WeatherFetch outcome) {
    Instant now = clock.instant();
    if (outcome instanceof WeatherFetch.Observed observed) {
      loop.succeeded();
      state.succeeded(now, interval);
      accept(state, observed);
    } else if (outcome instanceof WeatherFetch.NotModified) {
      // The source's conditional request says nothing changed since the last observation.
      loop.succeeded();
      state.succeeded(now, interval);
      counters.increment(UNCHANGED);
    } else if (outcome instanceof WeatherFetch.Unreadable unreadable) {
      String reason = source.id() + " body for '" + state.location.key() + "' unreadable: "
          + unreadable.reason();
      loop.unreadable(unreadable.source(), reason, unreadable.body());
      failed(state, now, reason);
    } else if (outcome instanceof WeatherFetch.Failed failure) {
      loop.countFailure(failure.kind());
      failed(state, now, failure.message());
    } else if (outcome instanceof WeatherFetch.RateLimited limited) {
      counters.increment(RATE_LIMITED);
      Duration wait = loop.backOff(limited.retryAfter());
      pausedUntil = now.plus(wait);
      loop.recordError(limited.message());
      LOG.warn(
          "Weather: {}; pausing {} for {} s",
          limited.message(),
          source.id(),
          wait.toMillis() / 1000.0);
    } else if (outcome instanceof WeatherFetch.UnknownLocation unknown) {
      counters.increment(LOCATIONS_SKIPPED);
      state.skip(now, unknown.message());
      LOG.warn("Weather: skipping location '{}': {}", state.location.key(), unknown.message());
    } else if (outcome instanceof WeatherFetch.Unauthorized unauthorized) {
      counters.increment(AUTH_FAILURES);
      state.error(now, unauthorized.message());
      stop(unauthorized.message());
    }
  }

  /** Validates, then delivers if newer than the last delivered observation of the location. */
  private void accept(LocationState state, WeatherFetch.Observed observed) {
    WeatherObservation observation = observed.observation();
    Optional<String> problem = WeatherValidator.problem(observation);
    if (problem.isPresent()) {
      counters.increment(INVALID);
      String reason =
          source.id() + " observation of '" + state.location.key() + "' rejected: " + problem.get();
      state.error(clock.instant(), reason);
      LOG.warn("Weather: {}", reason);
      loop.deadLetter(
          DeadLetter.ofBody(observed.source(), reason, observed.body(), clock.instant()));
      return;
    }
    state.lastObservedAt = observation.observedAt();
    Instant last = state.lastPublishedAt;
    if (last != null && !observation.observedAt().isAfter(last)) {
      counters.increment(UNCHANGED);
      LOG.debug(
          "Weather of '{}' still observed at {}: not published again", state.location.key(), last);
      return;
    }
    if (loop.deliver(
        () -> listener.onObservation(observation),
        "the observation of '" + state.location.key() + "'",
        message -> state.error(clock.instant(), message))) {
      state.lastPublishedAt = observation.observedAt();
      counters.increment(PUBLISHED);
    }
  }

  private void failed(LocationState state, Instant now, String message) {
    Duration wait = state.failed(now, message);
    LOG.warn(
        "Weather: {} (location '{}', {} failures in a row, next attempt in {} s)",
        message,
        state.location.key(),
        state.consecutiveFailures,
        wait.toMillis() / 1000.0);
  }

  private void stop(String reason) {
    loop.finish(reason);
    LOG.error(
        "Weather source {} stopped: {}. The rest of the pipeline goes on without weather.",
        source.id(),
        reason);
  }

  private Duration untilNextDue() {
    List<Instant> dues = states.stream()
        .filter(s -> s.skippedBecause == null)
        .map(s -> s.nextPollAt)
        .toList();
    return PollSchedule.untilNext(clock.instant(), dues, pausedUntil);
  }

  /** One location's schedule and health; written by the polling thread, read by status(). */
  private static final class LocationState {
    final WeatherLocation location;
    final Backoff backoff;
    volatile Instant nextPollAt = Instant.MIN;
    volatile Instant lastSuccess;
    volatile Instant lastObservedAt;
    volatile Instant lastPublishedAt;
    volatile Instant lastErrorAt;
    volatile String lastError;
    volatile int consecutiveFailures;
    volatile String skippedBecause;

    LocationState(WeatherLocation location, Backoff backoff) {
      this.location = location;
      this.backoff = backoff;
    }

    void succeeded(Instant now, Duration interval) {
      backoff.reset();
      consecutiveFailures = 0;
      lastSuccess = now;
      nextPollAt = PollSchedule.nextDue(nextPollAt, now, interval);
    }

    Duration failed(Instant now, String message) {
      consecutiveFailures++;
      error(now, message);
      Duration wait = backoff.next();
      nextPollAt = now.plus(wait);
      return wait;
    }

    void skip(Instant now, String reason) {
      skippedBecause = reason;
      error(now, reason);
    }

    void error(Instant now, String message) {
      lastError = message;
      lastErrorAt = now;
    }

    WeatherLocationStatus status() {
      return new WeatherLocationStatus(
          location.key(),
          lastSuccess,
          lastObservedAt,
          lastPublishedAt,
          lastErrorAt,
          lastError,
          consecutiveFailures,
          skippedBecause,
          skippedBecause != null || nextPollAt.equals(Instant.MIN) ? null : nextPollAt);
    }
  }
}
