package io.citypulse.jobs.scoring;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the scoring job has done so far, for the status line, metrics and tests. Thread-safe. */
public final class ForecastScoringStatus {
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong unscored = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<String> model = new AtomicReference<>();
  private final AtomicReference<Instant> lastBatch = new AtomicReference<>();

  /**
   * A snapshot.
   *
   * @param published forecast records published
   * @param unscored stations due a forecast while no model was there
   * @param failed stations the model could not score (logged)
   * @param model the id of the model in use, or null
   */
  public record Snapshot(
      long published, long unscored, long failed, String model, Instant lastBatch) {}

  void batch(int published, int unscored, int failed, String model, Instant at) {
    this.published.addAndGet(published);
    this.unscored.addAndGet(unscored);
    this.failed.addAndGet(failed);
    this.model.set(model);
    lastBatch.set(at);
  }

  public Snapshot snapshot() {
    return new Snapshot(
        published.get(), unscored.get(), failed.get(), model.get(), lastBatch.get());
  }
}
