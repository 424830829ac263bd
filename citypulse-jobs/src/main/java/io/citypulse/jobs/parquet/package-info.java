/**
 * Parquet history: the result topics (stations, postcode totals, weather features) appended to
 * Parquet files by Spark's file sink, exactly once ({@link io.citypulse.jobs.parquet.ParquetHistoryJob}),
 * and read back for {@code citypulse history} ({@link io.citypulse.jobs.parquet.ParquetHistoryReader}).
 *
 * <p>The layout is a contract with the readers of the history:
 * <pre>
 * &lt;base&gt;/stations/system=&lt;system&gt;/date=&lt;yyyy-MM-dd&gt;/part-*.parquet
 * &lt;base&gt;/postcodes/date=&lt;yyyy-MM-dd&gt;/part-*.parquet
 * &lt;base&gt;/weather/date=&lt;yyyy-MM-dd&gt;/part-*.parquet
 * &lt;base&gt;/&lt;stream&gt;/_spark_metadata/   the sink's log of committed files
 * </pre>
 * <ul>
 *   <li>Columns ({@link io.citypulse.jobs.parquet.ParquetSchemas#table}): the JSON field names of
 *       the model record, Instants as timestamps, then {@code kafka_timestamp} (the Kafka record
 *       time) and {@code date}, the UTC date of {@code last_reported} (else {@code fetched_at})
 *       for stations, {@code updated_at} for postcodes, {@code observed_at} for weather. Partition
 *       columns ({@code system}, {@code date}) live in directory names, not in the files.</li>
 *   <li>Read a stream's directory itself, e.g. {@code spark.read().schema(ParquetSchemas.table(
 *       STATIONS)).parquet("<base>/stations")}: Spark then lists files from
 *       {@code _spark_metadata}, which holds only committed batches. A job killed during a batch
 *       can leave files of that batch behind; the restarted query writes the batch again under
 *       new names, so a reader that lists directories itself (a glob, a sub-directory, another
 *       engine) may see those rows twice.</li>
 *   <li>Unreadable values (not the record's JSON, a field of the wrong type, a key field, the
 *       time or a primitive field missing, tombstones) are not written; they are counted
 *       ({@link io.citypulse.jobs.parquet.ParquetCounts}) and each batch that had some logs one
 *       WARN line with the first one's Kafka partition and offset.</li>
 *   <li>A state is written once, not again each time it is re-published: a record is not written
 *       when it carries the same state as the last record written for its key (stations:
 *       system and station_code; postcodes: postcode; weather: location), the state being every
 *       JSON field except {@link io.citypulse.jobs.parquet.ParquetStream#republicationFields()}
 *       (a station's {@code fetched_at}), so {@code kafka_timestamp} differs too. A poller
 *       restarted after a crash or a clean stop publishes every current state again; those
 *       repeats are counted ({@code repeated}) and logged at INFO. A changed state is written
 *       even if its time is equal to or older than the last one's (a postcode revised at the
 *       same {@code updated_at}), and so is a return to an earlier state (A, B, A).</li>
 *   <li>The last written state of each key (a 128-bit fingerprint, 24 bytes a key) is kept in the
 *       query's checkpoint ({@link io.citypulse.jobs.parquet.ParquetStream#checkpointName()}), so
 *       a batch replayed after a crash decides the same. A history and its checkpoint go
 *       together: a job refuses to start with a checkpoint that is behind the history's
 *       {@code _spark_metadata} (another or a new checkpoint), on which Spark's file sink would
 *       silently skip batches.</li>
 *   <li>One file per partition directory per micro-batch (one write task per batch): the trigger
 *       interval sets the file size. The sink's log lists every file ever written and is
 *       compacted every 10 batches, so it grows with the history (a known file sink limit).</li>
 * </ul>
 */
package io.citypulse.jobs.parquet;
