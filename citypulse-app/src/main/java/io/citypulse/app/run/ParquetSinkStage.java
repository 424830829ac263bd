package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.parquet.ParquetBatchCounts;
import io.citypulse.jobs.parquet.ParquetHistorySettings;
import io.citypulse.jobs.parquet.ParquetStream;
import io.citypulse.jobs.spark.RunningJob;
import java.time.Duration;

/** One stream's Parquet history job, appending under {@code basePath}. */
record ParquetSinkStage(
    ParquetStream stream,
    String topic,
    String basePath,
    String checkpoint,
    String startingOffsets,
    Duration trigger)
    implements Stage {
  /** The started Parquet job of a stream id ({@code stations}, {@code postcodes}, {@code weather}). */
  static Key<RunningJob<ParquetBatchCounts>> job(String streamId) {
    return Key.named("parquet job " + streamId);
  }

  /** The job's settings once the broker's address is known. */
  ParquetHistorySettings jobSettings(String bootstrapServers) {
    return new ParquetHistorySettings(
        bootstrapServers, stream, topic, basePath, checkpoint, startingOffsets, trigger, 0);
  }

  @Override
  public Running start(StageContext context) {
    RunningJob<ParquetBatchCounts> job;
    try {
      job = context
          .get(SparkStage.ENGINE)
          .startParquetHistory(jobSettings(context.get(BrokerStage.BOOTSTRAP)));
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      throw new UserFacingException(
          "the " + stream.queryName() + " Spark job did not start (Parquet history" + " at "
              + basePath + "): " + e.getMessage(),
          e);
    }
    context.provide(job(stream.name().toLowerCase(java.util.Locale.ROOT)), job);
    return JobRunning.register(context, job);
  }
}
