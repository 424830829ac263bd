package io.citypulse.jobs.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What a PostgreSQL sink has done so far, for status lines and tests. Thread-safe. */
public final class PostgresSinkStatus {
  private final AtomicLong batchesCommitted = new AtomicLong();
  private final AtomicLong batchesReplayed = new AtomicLong();
  private final AtomicLong recordsStored = new AtomicLong();
  private final AtomicLong historyRowsWritten = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicReference<Instant> lastCommit = new AtomicReference<>();
  private final AtomicReference<Instant> writingSince = new AtomicReference<>();

  /** A snapshot. {@code writingSince} is set while a batch is being written (long = retrying). */
  public record Snapshot(
      long batchesCommitted,
      long batchesReplayed,
      long recordsStored,
      long historyRowsWritten,
      long deadLetters,
      Instant lastCommit,
      Instant writingSince) {

    /** True when the batch in hand has been written for longer than {@code limit} (PostgreSQL down?). */
    public boolean stalled(Instant now, Duration limit) {
      return writingSince != null && Duration.between(writingSince, now).compareTo(limit) > 0;
    }
  }

  void batchStarted(Instant at) {
    writingSince.set(at);
  }

  void batchEnded(boolean replay, int records, int historyRows, Instant at) {
    writingSince.set(null);
    if (replay) {
      batchesReplayed.incrementAndGet();
      return;
    }
    batchesCommitted.incrementAndGet();
    recordsStored.addAndGet(records);
    historyRowsWritten.addAndGet(historyRows);
    lastCommit.set(at);
  }

  void batchFailed() {
    writingSince.set(null);
  }

  void deadLettered(int count) {
    deadLetters.addAndGet(count);
  }

  public Snapshot snapshot() {
    return new Snapshot(
        batchesCommitted.get(),
        batchesReplayed.get(),
        recordsStored.get(),
        historyRowsWritten.get(),
        deadLetters.get(),
        lastCommit.get(),
        writingSince.get());
  }
}
