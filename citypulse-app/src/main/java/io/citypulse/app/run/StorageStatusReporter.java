package io.citypulse.app.run;

import io.citypulse.jobs.postgres.PostgresSinkStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Prints {@link StorageStatusLine}s for the sinks started so far. */
final class StorageStatusReporter implements AutoCloseable {
  private final Map<String, PostgresSinkStatus> postgres = new LinkedHashMap<>();
  private final Map<String, LongSupplier> parquet = new LinkedHashMap<>();
  private final PrintWriter out;
  private final Clock clock;
  private StatusSchedule schedule;

  StorageStatusReporter(PrintWriter out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  synchronized void addPostgres(String stream, PostgresSinkStatus status) {
    postgres.put(stream, status);
  }

  synchronized void addParquet(String stream, LongSupplier rowsAppended) {
    parquet.put(stream, rowsAppended);
  }

  void start(Duration interval) {
    schedule = StatusSchedule.every(interval, "citypulse-storage-status", this::report);
  }

  private synchronized void report() {
    Map<String, PostgresSinkStatus.Snapshot> snapshots = new LinkedHashMap<>();
    postgres.forEach((stream, status) -> snapshots.put(stream, status.snapshot()));
    Map<String, Long> appended = new LinkedHashMap<>();
    parquet.forEach((stream, rows) -> appended.put(stream, rows.getAsLong()));
    out.println(StorageStatusLine.format(clock.instant(), snapshots, appended));
    out.flush();
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }
}
