package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.jobs.spark.RunningJob;
import io.citypulse.jobs.postgres.PostgresSinkSettings;
import io.citypulse.jobs.postgres.PostgresSinkStatus;
import io.citypulse.jobs.postgres.StoredStream;
import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.sink.RetryPolicy;
import java.time.Duration;
import java.util.List;

/**
 * One stream's PostgreSQL sink job (stations, postcodes or weather).
 *
 * @param needs spark, postgres, topics (and with bikes: the first bike aggregate)
 */
record PostgresSinkStage(StoredStream stream, String topic, String deadLetterTopic, String checkpoint,
    String startingOffsets, Duration trigger, long maxRecordsPerBatch, RetryPolicy retry, List<String> needs)
    implements Stage {
  static final String PREFIX = "postgres-sink-";

  @Override
  public String name() {
    return PREFIX + stream.id();
  }

  /** The started job of the sink stage of that name. */
  static Key<RunningJob<PostgresSinkStatus.Snapshot>> job(String stageName) {
    return Key.named(stageName);
  }

  /** The job's settings once the broker's address and the database are known. */
  PostgresSinkSettings jobSettings(String bootstrapServers, JdbcTarget database) {
    return new PostgresSinkSettings(bootstrapServers, stream, topic, deadLetterTopic, database, checkpoint,
        startingOffsets, trigger, maxRecordsPerBatch, retry);
  }

  @Override
  public Running start(StageContext context) throws Exception {
    RunningJob<PostgresSinkStatus.Snapshot> job = context.get(SparkStage.ENGINE).startPostgresSink(
        jobSettings(context.get(BrokerStage.BOOTSTRAP), context.get(PostgresStage.DATABASE).target()));
    context.provide(job(name()), job);
    return JobRunning.register(context, job);
  }
}
