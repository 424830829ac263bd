package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.postgres.PostgresSinkSettings;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import io.citypulse.jobs.postgres.StoredStream;
import io.citypulse.jobs.spark.RunningJob;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.sink.RetryPolicy;
import java.time.Duration;

/** One stream's PostgreSQL sink job (stations, postcodes or weather). */
record PostgresSinkStage(
    StoredStream stream,
    String topic,
    String deadLetterTopic,
    String checkpoint,
    String startingOffsets,
    Duration trigger,
    long maxRecordsPerBatch,
    RetryPolicy retry)
    implements Stage {
  /** The started PostgreSQL sink job of a stream id ({@code stations}, {@code postcodes}, {@code weather}). */
  static Key<RunningJob<PostgresSinkStatus.Snapshot>> job(String streamId) {
    return Key.named("postgres sink job " + streamId);
  }

  /** The job's settings once the broker's address and the database are known. */
  PostgresSinkSettings jobSettings(String bootstrapServers, JdbcTarget database) {
    return new PostgresSinkSettings(
        bootstrapServers,
        stream,
        topic,
        deadLetterTopic,
        database,
        checkpoint,
        startingOffsets,
        trigger,
        maxRecordsPerBatch,
        retry);
  }

  @Override
  public Running start(StageContext context) throws Exception {
    RunningJob<PostgresSinkStatus.Snapshot> job = context
        .get(SparkStage.ENGINE)
        .startPostgresSink(jobSettings(
            context.get(BrokerStage.BOOTSTRAP),
            context.get(PostgresStage.DATABASE).target()));
    context.provide(job(stream.id()), job);
    return JobRunning.register(context, job);
  }
}
