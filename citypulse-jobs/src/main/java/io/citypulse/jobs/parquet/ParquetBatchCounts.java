package io.citypulse.jobs.parquet;

/**
 * What the Parquet history job did with the records of one micro-batch (or of several, summed).
 *
 * @param written records appended to the Parquet history
 * @param repeated readable records not written because they carry the same state as the last one
 *     written for their key: a poller that restarted publishes its current states again (normal,
 *     not an error)
 * @param unreadable records not written: the value is not the stream's JSON, or a key field, the
 *     time or a primitive field is missing
 * @param firstUnreadable the first unreadable record (reason, Kafka partition and offset), or
 *     null when none
 */
public record ParquetBatchCounts(
    long written, long repeated, long unreadable, String firstUnreadable)
    implements io.citypulse.jobs.spark.PerBatchCounts.Counts<ParquetBatchCounts> {

  public static final ParquetBatchCounts NONE = new ParquetBatchCounts(0, 0, 0, null);

  /** How {@link #firstUnreadable} names a record: its reason, Kafka partition and offset. */
  static String describe(String reason, Integer partition, Long offset) {
    return reason + " at partition " + partition + " offset " + offset;
  }

  /** Sums two counts; the example of {@code this} wins when both have one. */
  @Override
  public ParquetBatchCounts plus(ParquetBatchCounts other) {
    return new ParquetBatchCounts(
        written + other.written,
        repeated + other.repeated,
        unreadable + other.unreadable,
        firstUnreadable != null ? firstUnreadable : other.firstUnreadable);
  }
}
