package io.citypulse.app.run;

import io.citypulse.jobs.parquet.ParquetBatchCounts;
import io.citypulse.jobs.spark.RunningJob;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage status line ({@link StorageStatusLine}) every interval, for every sink stage of the
 * plan.
 *
 * @param postgres the PostgreSQL sink stages, by stream id
 * @param parquet the Parquet sink stages, by stream id
 * @param parquetPath where the Parquet history is, for the start-up line
 */
record StorageStatusStage(Map<String, String> postgres, Map<String, String> parquet, String parquetPath,
    Duration interval) implements Stage {
  static final String NAME = "storage-status";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> needs() {
    List<String> needs = new ArrayList<>(postgres.values());
    needs.addAll(parquet.values());
    return needs;
  }

  @Override
  public Running start(StageContext context) {
    Map<String, RunningJob<PostgresSinkStatus.Snapshot>> postgresJobs = new LinkedHashMap<>();
    postgres.forEach((stream, stage) -> postgresJobs.put(stream, context.get(PostgresSinkStage.job(stage))));
    Map<String, RunningJob<ParquetBatchCounts>> parquetJobs = new LinkedHashMap<>();
    parquet.forEach((stream, stage) -> parquetJobs.put(stream, context.get(ParquetSinkStage.job(stage))));
    if (!postgres.isEmpty()) {
      context.announce("storing " + String.join(", ", postgres.keySet()) + " in PostgreSQL");
    }
    if (!parquet.isEmpty()) {
      context.announce("appending " + String.join(", ", parquet.keySet()) + " to the Parquet history at "
          + parquetPath);
    }
    return StatusReporter.every(interval, "citypulse-storage-status", () -> {
      Map<String, PostgresSinkStatus.Snapshot> snapshots = new LinkedHashMap<>();
      postgresJobs.forEach((stream, job) -> snapshots.put(stream, job.counts()));
      Map<String, Long> appended = new LinkedHashMap<>();
      parquetJobs.forEach((stream, job) -> appended.put(stream, job.counts().written()));
      return StorageStatusLine.format(context.clock().instant(), snapshots, appended);
    }, context.out(), () -> {});
  }
}
