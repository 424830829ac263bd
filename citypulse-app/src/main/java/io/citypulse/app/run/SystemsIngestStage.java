package io.citypulse.app.run;

import io.citypulse.sources.poll.StationFilter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GBFS ingest of a catalogue-wide run ({@code run --systems}): polls every selected system and
 * publishes its stations, keyed by its System ID. It says at start what it polls and what it set
 * aside (systems needing credentials, unusable rows, filters that matched nothing); systems found
 * to have no stations are reported as they are found (status line, health).
 */
record SystemsIngestStage(
    SystemsSelection systems, StationFilter stations, String stationsTopic, String deadLetterTopic)
    implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(SystemsIngestStage.class);

  /** Lines of the start-up announcement beyond which the rest is only in the log. */
  static final int SET_ASIDE_SHOWN = 10;

  @Override
  public Running start(StageContext context) {
    SystemsIngest ingest = SystemsIngest.start(
        systems,
        stations,
        context.get(PostcodesStage.RESOLVER),
        context.get(BrokerStage.BOOTSTRAP),
        stationsTopic,
        deadLetterTopic,
        context.get(MetricsStage.COUNTERS));
    context.get(MetricsStage.HEALTH).addSystems(ingest);
    context.provide(GbfsIngestStage.INGEST, ingest);
    context.announce(String.format(
        "polling %s, at most %d at once and %d per host",
        systems.describe(), systems.maxInFlight(), systems.maxPerHost()));
    List<String> setAside = systems.setAside();
    for (int i = 0; i < setAside.size(); i++) {
      if (i < SET_ASIDE_SHOWN) {
        context.announce(setAside.get(i));
      }
      LOG.warn("{}", setAside.get(i));
    }
    if (setAside.size() > SET_ASIDE_SHOWN) {
      context.announce("... and " + (setAside.size() - SET_ASIDE_SHOWN)
          + " more set aside (all of them in the log; 'citypulse systems "
          + systems.file() + "' lists them)");
    }
    return ingest::close;
  }
}
