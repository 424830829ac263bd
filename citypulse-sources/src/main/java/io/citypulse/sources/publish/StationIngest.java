package io.citypulse.sources.publish;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationRecord;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.JoinedStation;
import io.citypulse.sources.poll.StationBatch;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.poll.StationListener;
import io.citypulse.sources.postcode.PostcodeResolver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poller's listener: filter, postcode, {@link StationRecord}, change detection, publish. Each
 * station is handled on its own: one that fails is logged and counted, the others still go out.
 */
public final class StationIngest implements StationListener {
  private static final Logger LOG = LoggerFactory.getLogger(StationIngest.class);

  public static final String FILTERED_OUT = "ingest.filtered_out";
  public static final String UNCHANGED = "ingest.unchanged";
  public static final String PUBLISHED = "ingest.published";
  public static final String POSTCODE_ERRORS = "ingest.postcode_errors";
  public static final String ERRORS = "ingest.errors";

  private final String system;
  private final StationFilter filter;
  private final PostcodeResolver postcodes;
  private final ChangeDetector changes;
  private final StationSink sink;
  private final Counters counters;

  /**
   * @param system the system id of the record keys ({@code GbfsSettings.system()})
   * @param postcodes called only for stations the filter keeps and that have information
   */
  public StationIngest(String system, StationFilter filter, PostcodeResolver postcodes,
      ChangeDetector changes, StationSink sink, Counters counters) {
    this.system = Objects.requireNonNull(system, "system");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.postcodes = Objects.requireNonNull(postcodes, "postcodes");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void onStations(StationBatch batch) {
    int published = 0;
    for (JoinedStation station : batch.stations()) {
      if (!filter.matches(station)) {
        counters.increment(FILTERED_OUT);
        continue;
      }
      try {
        StationRecord record = StationRecord.of(system, station.status(), station.information(),
            locate(station), batch.fetchedAt());
        if (!changes.changed(record)) {
          counters.increment(UNCHANGED);
          continue;
        }
        // A record that never reached Kafka must be sent again next poll, even if unchanged.
        sink.publish(record, error -> changes.forget(record));
        counters.increment(PUBLISHED);
        published++;
      } catch (RuntimeException e) {
        counters.increment(ERRORS);
        LOG.error("Could not ingest station {} ({})", station.stationCode(), station.status(), e);
      }
    }
    LOG.debug("{} stations polled, {} published", batch.stations().size(), published);
  }

  private PostcodeLocation locate(JoinedStation station) {
    if (station.information() == null) {
      // Nothing to locate it by (no coordinates, no feed postcode): the UNKNOWN bucket.
      return PostcodeLocation.UNKNOWN;
    }
    try {
      PostcodeLocation location = postcodes.resolve(system, station.information());
      return location == null ? PostcodeLocation.UNKNOWN : location;
    } catch (RuntimeException e) {
      counters.increment(POSTCODE_ERRORS);
      LOG.warn("Postcode resolution failed for station {}: {}", station.stationCode(), e.toString());
      return PostcodeLocation.UNKNOWN;
    }
  }
}
