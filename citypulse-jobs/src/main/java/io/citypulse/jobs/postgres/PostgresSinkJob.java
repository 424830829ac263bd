package io.citypulse.jobs.postgres;

import io.citypulse.jobs.spark.KafkaInput;
import io.citypulse.model.DeadLetterHeaders;
import io.citypulse.storage.sink.BatchOutcome;
import io.citypulse.storage.sink.JdbcBatchWriter;
import io.citypulse.storage.sink.RecordTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one result stream in PostgreSQL: a streaming query reads the stream's topic and, for each
 * micro-batch, writes its records on the driver through {@link JdbcBatchWriter} in one
 * transaction together with the batch id. A batch replayed after a crash finds its id in the
 * ledger and writes nothing, so history rows are never duplicated; records that cannot be stored
 * go to the dead-letter topic.
 */
public final class PostgresSinkJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSinkJob.class);

  /** The local property Spark sets on the thread running a query's batches: the query's id. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final SparkSession spark;
  private final PostgresSinkSettings settings;
  private final JdbcBatchWriter<Object> writer;
  private final PostgresSinkStatus status = new PostgresSinkStatus();
  private final Clock clock;
  private KafkaProducer<String, byte[]> deadLetterProducer;

  public PostgresSinkJob(SparkSession spark, PostgresSinkSettings settings, Clock clock) {
    this.spark = spark;
    this.settings = settings;
    this.clock = clock;
    @SuppressWarnings("unchecked")
    RecordTable<Object> table = (RecordTable<Object>) settings.stream().table();
    this.writer = new JdbcBatchWriter<>(settings.target(), table, settings.retry());
  }

  public PostgresSinkJob(SparkSession spark, PostgresSinkSettings settings) {
    this(spark, settings, Clock.systemUTC());
  }

  public PostgresSinkStatus status() {
    return status;
  }

  /**
   * Starts the query and returns at once. When PostgreSQL stays unreachable longer than the retry
   * policy allows, the batch fails and so does the query (its checkpoint has not moved: a restart
   * writes the batch then).
   */
  public StreamingQuery start() throws TimeoutException {
    Dataset<Row> values = KafkaInput.reader(
            spark, settings.bootstrapServers(), settings.topic(), settings.startingOffsets())
        .option("maxOffsetsPerTrigger", settings.maxRecordsPerBatch())
        .load()
        .selectExpr(
            "CAST(key AS STRING) AS key",
            "CAST(value AS STRING) AS value",
            "topic",
            "partition",
            "offset",
            "unix_millis(timestamp) AS timestamp_millis");
    VoidFunction2<Dataset<Row>, Long> writeBatch = (batch, batchId) -> write(batch, batchId);
    return values
        .writeStream()
        .queryName(settings.stream().queryName())
        .option("checkpointLocation", settings.checkpointLocation())
        .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
        .foreachBatch(writeBatch)
        .start();
  }

  private void write(Dataset<Row> batch, long batchId) throws InterruptedException {
    List<SinkBatch.KafkaValue> values = new ArrayList<>();
    for (Row row : batch.collectAsList()) {
      values.add(new SinkBatch.KafkaValue(
          row.getString(0),
          row.getString(1),
          row.getString(2),
          row.getInt(3),
          row.getLong(4),
          row.getLong(5)));
    }
    @SuppressWarnings("unchecked")
    SinkBatch<Object> decoded = SinkBatch.decode(
        values, (Class<Object>) settings.stream().recordType(), (RecordTable<Object>)
            settings.stream().table());
    status.batchStarted(clock.instant());
    BatchOutcome outcome;
    try {
      outcome = writer.write(ledgerName(batch), batchId, decoded.records());
    } catch (RuntimeException e) {
      status.batchFailed();
      // Stopping the query interrupts a retry in progress: rethrown as such, Spark takes it for
      // the stop it is instead of reporting the query as failed.
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw e;
    }
    status.batchEnded(
        outcome.alreadyCommitted(),
        decoded.records().size() - outcome.rejected(),
        outcome.historyRowsWritten(),
        clock.instant());
    if (!outcome.alreadyCommitted() && !decoded.rejected().isEmpty()) {
      deadLetter(batchId, decoded.rejected());
    }
  }

  /**
   * The ledger keeps one batch id per name. Batch ids restart at 0 with a new checkpoint, so the
   * name carries the query's id (which lives in the checkpoint): a deleted checkpoint then starts
   * a new ledger row instead of having its first batches skipped as already written.
   */
  private String ledgerName(Dataset<Row> batch) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    return settings.stream().queryName() + (queryId == null ? "" : "@" + queryId);
  }

  private void deadLetter(long batchId, List<SinkBatch.Rejected> rejected) {
    SinkBatch.Rejected first = rejected.get(0);
    LOG.warn(
        "{} batch {}: {} record(s) cannot be stored and go to {}, e.g. {} ({}: {})",
        settings.stream().queryName(),
        batchId,
        rejected.size(),
        settings.deadLetterTopic(),
        first.input().position(),
        first.reason(),
        first.detail());
    List<Future<?>> sent = new ArrayList<>();
    try {
      KafkaProducer<String, byte[]> producer = deadLetterProducer();
      for (SinkBatch.Rejected r : rejected) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(r.reason()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(r.detail()));
        headers.add(DeadLetterHeaders.SOURCE, utf8(r.input().position()));
        headers.add(
            DeadLetterHeaders.TIMESTAMP,
            utf8(java.time.Instant.ofEpochMilli(r.input().timestampMillis()).toString()));
        byte[] value =
            r.input().value() == null ? null : r.input().value().getBytes(StandardCharsets.UTF_8);
        sent.add(producer.send(new ProducerRecord<>(
            settings.deadLetterTopic(), null, null, r.input().key(), value, headers)));
      }
      for (Future<?> future : sent) {
        future.get(30, TimeUnit.SECONDS);
      }
      status.deadLettered(rejected.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // The records were logged above; failing the batch would not bring them back either.
      LOG.warn(
          "{} batch {}: could not write {} dead letter(s) to {}: {}",
          settings.stream().queryName(),
          batchId,
          rejected.size(),
          settings.deadLetterTopic(),
          e.toString());
    }
  }

  private synchronized KafkaProducer<String, byte[]> deadLetterProducer() {
    if (deadLetterProducer == null) {
      deadLetterProducer = new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              settings.bootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all",
              ProducerConfig.CLIENT_ID_CONFIG,
              "citypulse-" + settings.stream().queryName()),
          new StringSerializer(),
          new ByteArraySerializer());
    }
    return deadLetterProducer;
  }

  private static byte[] utf8(String text) {
    return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
  }

  /** Closes the connection and the dead-letter producer; stop the query first. */
  @Override
  public synchronized void close() {
    writer.close();
    if (deadLetterProducer != null) {
      deadLetterProducer.close(java.time.Duration.ofSeconds(5));
      deadLetterProducer = null;
    }
  }
}
