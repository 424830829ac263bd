package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.sources.poll.GbfsSettings;
import io.citypulse.sources.poll.StationFilter;

/**
 * Polls the GBFS feed and publishes its stations with their postcodes. It starts before the
 * availability job, which is still waiting for Spark: the first records are in the topic when the
 * job starts, so its very first micro-batch already uses them.
 */
record GbfsIngestStage(
    GbfsSettings gbfs, StationFilter stations, String stationsTopic, String deadLetterTopic)
    implements Stage {
  static final Key<BikeIngest> INGEST = Key.named("GBFS ingest");

  @Override
  public Running start(StageContext context) {
    Ingest ingest = Ingest.start(
        gbfs,
        stations,
        context.get(PostcodesStage.RESOLVER),
        context.get(BrokerStage.BOOTSTRAP),
        stationsTopic,
        deadLetterTopic,
        context.get(MetricsStage.COUNTERS));
    context.get(MetricsStage.HEALTH).addGbfs(ingest.settings(), ingest::status, ingest::postcodes);
    context.provide(INGEST, ingest);
    return ingest::close;
  }
}
