package io.citypulse.sources.publish;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationKey;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.JoinedStation;
import io.citypulse.sources.poll.StationBatch;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.poll.StationListener;
import io.citypulse.sources.postcode.PostcodeResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poller's listener: filter, postcode, {@link StationRecord}, change detection, publish. Each
 * station is handled on its own: one that fails is logged and counted, the others still go out.
 *
 * <p>A station whose postcode is {@link PostcodeLocation#isPending() pending} (geocoder still
 * working) is held back rather than published under a transient UNKNOWN: the batch waits a little
 * for the resolver, and {@link #recheck()} (every second once {@link #startRechecks started})
 * asks again for every station not placed yet. The resolver answers PENDING for at most its
 * pending timeout, then UNKNOWN, so no station is held back for ever; it is published at that
 * deadline, not only at the next poll. A station published under UNKNOWN is re-published as soon
 * as the resolver places it, and the per-postcode job moves it (it keeps one latest state per
 * station and re-emits both postcodes' totals). That holds for any change of postcode (feed
 * {@code post_code} edited, another table, a geocoder answer): the job keeps the strictly newer
 * state by (last_reported, fetched_at), so a re-publication of an unchanged state gets a
 * {@code fetched_at} just after the one the job holds ({@link #newerThanSent}).
 *
 * <p>Thread-safe: polls (the poller's thread) and rechecks (their own thread) publish under one
 * lock, so each station's records leave in the order they were built.
 */
public final class StationIngest implements StationListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StationIngest.class);

  /** Counter names; the CLI status line reads records.published and records.unchanged. */
  public static final String PUBLISHED = "records.published";

  public static final String UNCHANGED = "records.unchanged";
  public static final String FILTERED_OUT = "records.filtered_out";
  public static final String POSTCODE_PENDING = "records.postcode_pending";
  /** Records published between polls because a station's postcode answer changed. */
  public static final String POSTCODE_REPUBLISHED = "records.postcode_republished";

  public static final String POSTCODE_ERRORS = "ingest.postcode_errors";
  public static final String ERRORS = "ingest.errors";

  /** How long one batch waits for pending postcodes before leaving them to {@link #recheck()}. */
  public static final Duration DEFAULT_PENDING_WAIT = Duration.ofSeconds(5);

  /** How often held and UNKNOWN stations are asked again between polls. */
  public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(1);

  /** The job keeps times in microseconds: a millisecond later is strictly newer there. */
  private static final Duration NEWER = Duration.ofMillis(1);

  private static final Comparator<StationRecord> NEWNESS = Comparator.comparing(
          StationRecord::lastReported, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(StationRecord::fetchedAt, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final String system;
  private final StationFilter filter;
  private final PostcodeResolver postcodes;
  private final ChangeDetector changes;
  private final StationSink sink;
  private final Counters counters;
  private final Duration pendingWait;
  private final boolean unknownMayChange;

  private final Object lock = new Object();
  /** Stations whose last answer was PENDING or UNKNOWN: their latest state, asked again. */
  private final Map<String, Unplaced> unplaced = new HashMap<>();
  /** The last record sent of each station, for {@link #newerThanSent}. */
  private final Map<String, StationRecord> sent = new HashMap<>();

  private ScheduledExecutorService rechecks;

  /** What an ingested station became. */
  private enum Outcome {
    PUBLISHED,
    UNCHANGED,
    HELD,
    FAILED
  }

  /** A station not placed at its last ingest, with the poll it came from. */
  private record Unplaced(JoinedStation station, Instant fetchedAt) {}

  /**
   * @param system the system id of the record keys ({@code GbfsSettings.system()})
   * @param postcodes asked only for stations the filter keeps
   */
  public StationIngest(
      String system,
      StationFilter filter,
      PostcodeResolver postcodes,
      ChangeDetector changes,
      StationSink sink,
      Counters counters) {
    this(system, filter, postcodes, changes, sink, counters, DEFAULT_PENDING_WAIT);
  }

  public StationIngest(
      String system,
      StationFilter filter,
      PostcodeResolver postcodes,
      ChangeDetector changes,
      StationSink sink,
      Counters counters,
      Duration pendingWait) {
    this(system, filter, postcodes, changes, sink, counters, pendingWait, true);
  }

  /**
   * @param unknownMayChange whether a station the resolver answers UNKNOWN for may be placed
   *     later (a geocoder); false when UNKNOWN is final (no geocoder): such stations are then not
   *     kept for {@link #recheck()}, which could never publish them again. A catalogue-wide run
   *     has hundreds of thousands of them: kept, they filled the heap and every recheck went
   *     through them all.
   */
  public StationIngest(
      String system,
      StationFilter filter,
      PostcodeResolver postcodes,
      ChangeDetector changes,
      StationSink sink,
      Counters counters,
      Duration pendingWait,
      boolean unknownMayChange) {
    this.unknownMayChange = unknownMayChange;
    this.system = Objects.requireNonNull(system, "system");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.postcodes = Objects.requireNonNull(postcodes, "postcodes");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.pendingWait = Objects.requireNonNull(pendingWait, "pendingWait");
  }

  @Override
  public void onStations(StationBatch batch) {
    List<JoinedStation> pending = new ArrayList<>();
    synchronized (lock) {
      for (JoinedStation station : batch.stations()) {
        if (!filter.matches(station)) {
          counters.increment(FILTERED_OUT);
        } else if (ingest(station, batch.fetchedAt(), false) == Outcome.HELD) {
          pending.add(station);
        }
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    try {
      // Outside the lock: rechecks go on meanwhile.
      postcodes.awaitPending(pendingWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int held = 0;
    synchronized (lock) {
      for (JoinedStation station : pending) {
        if (ingest(station, batch.fetchedAt(), false) == Outcome.HELD) {
          held++;
        }
      }
    }
    if (held > 0) {
      counters.add(POSTCODE_PENDING, held);
      LOG.info(
          "{} station(s) wait for the geocoder; each is published when it answers, or under"
              + " {} at its pending timeout (postcodes.pending-timeout)",
          held,
          StationRecord.UNKNOWN_POSTCODE);
    }
  }

  /**
   * Asks the resolver again for every station not placed at its last ingest (held back, or
   * published under UNKNOWN) and publishes those whose answer changed: a held station at its
   * pending timeout (under UNKNOWN), an UNKNOWN one once the geocoder places it. Cheap when
   * nothing changed: the resolver answers from memory.
   */
  public void recheck() {
    int toUnknown = 0;
    int placed = 0;
    synchronized (lock) {
      for (Map.Entry<String, Unplaced> entry : new ArrayList<>(unplaced.entrySet())) {
        StationRecord before = sent.get(entry.getKey());
        if (ingest(entry.getValue().station(), entry.getValue().fetchedAt(), true)
            != Outcome.PUBLISHED) {
          continue;
        }
        counters.increment(POSTCODE_REPUBLISHED);
        if (isUnknown(sent.get(entry.getKey()))) {
          toUnknown++;
        } else if (isUnknown(before)) {
          placed++;
        }
      }
    }
    if (toUnknown > 0) {
      LOG.info(
          "{} station(s) published under {}: no postcode from the geocoder in time; each"
              + " moves to its postcode when the geocoder answers",
          toUnknown,
          StationRecord.UNKNOWN_POSTCODE);
    }
    if (placed > 0) {
      LOG.info(
          "{} station(s) published under {} moved to their geocoded postcode",
          placed,
          StationRecord.UNKNOWN_POSTCODE);
    }
  }

  /** Runs {@link #recheck()} every {@code interval} on a daemon thread until {@link #close()}. */
  public void startRechecks(Duration interval) {
    synchronized (lock) {
      if (rechecks != null) {
        throw new IllegalStateException("rechecks already started");
      }
      rechecks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "citypulse-postcode-recheck");
        thread.setDaemon(true);
        return thread;
      });
    }
    rechecks.scheduleWithFixedDelay(
        () -> {
          try {
            recheck();
          } catch (RuntimeException e) {
            // An exception would cancel the schedule for good: log it and go on.
            LOG.error("postcode recheck failed", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Stations held back or published under UNKNOWN, asked again by {@link #recheck()}. */
  public int unplacedStations() {
    synchronized (lock) {
      return unplaced.size();
    }
  }

  /** Stops the rechecks; a recheck under way finishes first (up to 5 s). */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (lock) {
      running = rechecks;
    }
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Publishes the station if it changed; HELD when its postcode is still pending. Under lock. */
  private Outcome ingest(JoinedStation station, Instant fetchedAt, boolean recheck) {
    String key = StationKey.of(system, station.stationCode());
    try {
      PostcodeLocation location = locate(station);
      if (location.isKnown() || (!location.isPending() && !unknownMayChange)) {
        unplaced.remove(key);
      } else {
        unplaced.put(key, new Unplaced(station, fetchedAt));
      }
      if (location.isPending()) {
        return Outcome.HELD;
      }
      StationRecord record =
          StationRecord.of(system, station.status(), station.information(), location, fetchedAt);
      if (!changes.changed(record)) {
        if (!recheck) {
          counters.increment(UNCHANGED);
        }
        return Outcome.UNCHANGED;
      }
      StationRecord outgoing = newerThanSent(record);
      // A record that never reached Kafka must be sent again next poll, even if unchanged.
      sink.publish(outgoing, error -> changes.forget(record));
      sent.put(key, outgoing);
      counters.increment(PUBLISHED);
      return Outcome.PUBLISHED;
    } catch (RuntimeException e) {
      counters.increment(ERRORS);
      LOG.error("Could not ingest station {} ({})", station.stationCode(), station.status(), e);
      return Outcome.FAILED;
    }
  }

  /**
   * The record to send so that the job applies it. The job keeps a station's strictly newest
   * state by (last_reported, fetched_at) and ignores the others. A record from a poll is newer
   * than anything sent before it; but a re-publication of the same state with another postcode
   * (a recheck after the geocoder answered) carries the same times as the UNKNOWN one it
   * replaces, and would be ignored: it leaves with {@code fetched_at} just after the sent one.
   * A state older than the sent one (the feed went back in time) that comes with another
   * postcode moves the state the job holds instead.
   */
  private StationRecord newerThanSent(StationRecord record) {
    StationRecord previous = sent.get(record.key());
    if (previous == null
        || NEWNESS.compare(record, previous) > 0
        || (Objects.equals(previous.postcode(), record.postcode())
            && Objects.equals(previous.commune(), record.commune()))) {
      return record; // newer, or the same place: the job decides as it always did
    }
    Instant fetchedAt = previous.fetchedAt() == null
        ? record.fetchedAt()
        : latest(previous.fetchedAt().plus(NEWER), record.fetchedAt());
    StationRecord state =
        Objects.equals(record.lastReported(), previous.lastReported()) ? record : previous;
    return new StationRecord(
        state.system(),
        state.stationCode(),
        state.stationId(),
        state.name(),
        state.lat(),
        state.lon(),
        state.capacity(),
        record.postcode(),
        record.commune(),
        state.bikesAvailable(),
        state.mechanical(),
        state.ebike(),
        state.docksAvailable(),
        state.installed(),
        state.renting(),
        state.returning(),
        state.lastReported(),
        fetchedAt);
  }

  /** The later of two instants; {@code b} may be null. */
  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }

  private static boolean isUnknown(StationRecord record) {
    return record != null && StationRecord.UNKNOWN_POSTCODE.equals(record.postcode());
  }

  private PostcodeLocation locate(JoinedStation station) {
    StationInformation info = station.information();
    if (info == null) {
      // No information entry: the user's table can still place the station by code or id.
      info = new StationInformation(
          station.status().stationId(), station.stationCode(), null, null, null, null, null);
    }
    try {
      PostcodeLocation location = postcodes.resolve(system, info);
      return location == null ? PostcodeLocation.UNKNOWN : location;
    } catch (RuntimeException e) {
      counters.increment(POSTCODE_ERRORS);
      LOG.warn(
          "Postcode resolution failed for station {}: {}", station.stationCode(), e.toString());
      return PostcodeLocation.UNKNOWN;
    }
  }
}
