package io.citypulse.app.run;

import io.citypulse.sources.postcode.PostcodeResolution;
import java.time.Instant;

/**
 * The GBFS side as the status line sees it, whether it polls one system ({@link Ingest}) or a
 * catalogue of them ({@link SystemsIngest}).
 */
interface BikeIngest extends AutoCloseable {
  /** When a station_status was last fetched (of any system); null before the first. */
  Instant lastSuccessfulPoll();

  /** Where the postcodes of the stations stand now. */
  PostcodeResolution postcodes();

  /** Where each polled system stands in its first poll ({@code poll --once}). */
  java.util.List<PollRound> rounds();

  /** Stops polling and publishing. */
  @Override
  void close();
}
