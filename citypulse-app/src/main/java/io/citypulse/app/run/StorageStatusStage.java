package io.citypulse.app.run;

import io.citypulse.jobs.parquet.ParquetBatchCounts;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import io.citypulse.jobs.spark.RunningJob;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage status line ({@link StorageStatusLine}) every interval, for every sink of the plan.
 *
 * @param postgres the streams stored in PostgreSQL, in display order
 * @param parquet the streams appended to the Parquet history
 * @param parquetPath where the Parquet history is, for the start-up line
 */
record StorageStatusStage(
    List<String> postgres, List<String> parquet, String parquetPath, Duration interval)
    implements Stage {
  @Override
  public Running start(StageContext context) {
    Map<String, RunningJob<PostgresSinkStatus.Snapshot>> postgresJobs = new LinkedHashMap<>();
    postgres.forEach(
        stream -> postgresJobs.put(stream, context.get(PostgresSinkStage.job(stream))));
    Map<String, RunningJob<ParquetBatchCounts>> parquetJobs = new LinkedHashMap<>();
    parquet.forEach(stream -> parquetJobs.put(stream, context.get(ParquetSinkStage.job(stream))));
    if (!postgres.isEmpty()) {
      context.announce("storing " + String.join(", ", postgres) + " in PostgreSQL");
    }
    if (!parquet.isEmpty()) {
      context.announce(
          "appending " + String.join(", ", parquet) + " to the Parquet history at " + parquetPath);
    }
    RunningSinks sinks = context.get(MetricsStage.SINKS);
    return StatusReporter.every(
        interval,
        "citypulse-storage-status",
        () -> {
          Map<String, PostgresSinkStatus.Snapshot> snapshots = new LinkedHashMap<>();
          postgresJobs.forEach((stream, job) -> snapshots.put(stream, job.counts()));
          Map<String, Long> appended = new LinkedHashMap<>();
          parquetJobs.forEach((stream, job) -> appended.put(stream, job.counts().written()));
          return StorageStatusLine.format(
              context.clock().instant(), snapshots, appended, sinks.snapshots());
        },
        context.out(),
        () -> {});
  }
}
