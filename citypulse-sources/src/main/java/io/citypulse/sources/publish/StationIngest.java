package io.citypulse.sources.publish;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.JoinedStation;
import io.citypulse.sources.poll.StationBatch;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.poll.StationListener;
import io.citypulse.sources.postcode.PostcodeResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poller's listener: filter, postcode, {@link StationRecord}, change detection, publish. Each
 * station is handled on its own: one that fails is logged and counted, the others still go out.
 *
 * <p>A station whose postcode is {@link PostcodeLocation#isPending() pending} (geocoder still
 * working) is held back, not published under UNKNOWN: the per-postcode job could not move it out
 * of that bucket later. The batch waits a little for the resolver, then leaves the rest to the
 * next poll.
 */
public final class StationIngest implements StationListener {
  private static final Logger LOG = LoggerFactory.getLogger(StationIngest.class);

  /** Counter names; the CLI status line reads records.published and records.unchanged. */
  public static final String PUBLISHED = "records.published";
  public static final String UNCHANGED = "records.unchanged";
  public static final String FILTERED_OUT = "records.filtered_out";
  public static final String POSTCODE_PENDING = "records.postcode_pending";
  public static final String POSTCODE_ERRORS = "ingest.postcode_errors";
  public static final String ERRORS = "ingest.errors";

  /** How long one batch waits for pending postcodes before leaving them to the next poll. */
  public static final Duration DEFAULT_PENDING_WAIT = Duration.ofSeconds(5);

  private final String system;
  private final StationFilter filter;
  private final PostcodeResolver postcodes;
  private final ChangeDetector changes;
  private final StationSink sink;
  private final Counters counters;
  private final Duration pendingWait;

  /**
   * @param system the system id of the record keys ({@code GbfsSettings.system()})
   * @param postcodes asked only for stations the filter keeps
   */
  public StationIngest(String system, StationFilter filter, PostcodeResolver postcodes,
      ChangeDetector changes, StationSink sink, Counters counters) {
    this(system, filter, postcodes, changes, sink, counters, DEFAULT_PENDING_WAIT);
  }

  public StationIngest(String system, StationFilter filter, PostcodeResolver postcodes,
      ChangeDetector changes, StationSink sink, Counters counters, Duration pendingWait) {
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
    for (JoinedStation station : batch.stations()) {
      if (!filter.matches(station)) {
        counters.increment(FILTERED_OUT);
      } else if (!ingest(station, batch)) {
        pending.add(station);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    try {
      postcodes.awaitPending(pendingWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int held = 0;
    for (JoinedStation station : pending) {
      if (!ingest(station, batch)) {
        held++;
      }
    }
    if (held > 0) {
      counters.add(POSTCODE_PENDING, held);
      LOG.info("{} station(s) wait for their postcode; they are published on a later poll", held);
    }
  }

  /** Publishes the station if it changed; false when its postcode is still pending. */
  private boolean ingest(JoinedStation station, StationBatch batch) {
    try {
      PostcodeLocation location = locate(station);
      if (location.isPending()) {
        return false;
      }
      StationRecord record = StationRecord.of(system, station.status(), station.information(),
          location, batch.fetchedAt());
      if (!changes.changed(record)) {
        counters.increment(UNCHANGED);
        return true;
      }
      // A record that never reached Kafka must be sent again next poll, even if unchanged.
      sink.publish(record, error -> changes.forget(record));
      counters.increment(PUBLISHED);
    } catch (RuntimeException e) {
      counters.increment(ERRORS);
      LOG.error("Could not ingest station {} ({})", station.stationCode(), station.status(), e);
    }
    return true;
  }

  private PostcodeLocation locate(JoinedStation station) {
    StationInformation info = station.information();
    if (info == null) {
      // No information entry: the user's table can still place the station by code or id.
      info = new StationInformation(station.status().stationId(), station.stationCode(), null, null,
          null, null, null);
    }
    try {
      PostcodeLocation location = postcodes.resolve(system, info);
      return location == null ? PostcodeLocation.UNKNOWN : location;
    } catch (RuntimeException e) {
      counters.increment(POSTCODE_ERRORS);
      LOG.warn("Postcode resolution failed for station {}: {}", station.stationCode(), e.toString());
      return PostcodeLocation.UNKNOWN;
    }
  }
}
