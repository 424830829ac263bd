package io.citypulse.jobs.availability;

/**
 * What one micro-batch of the availability job did with its input records.
 *
 * @param accepted records that replaced a station's state
 * @param stale duplicates and records older than the station's state: counted, changed nothing
 * @param rejected records that could not be read (malformed JSON, tombstone, no station code)
 * @param postcodesEmitted postcode totals written to the output topic
 * @param rejectionExample the first rejected record of the batch (reason, partition, offset,
 *     key), or null when nothing was rejected
 */
public record AvailabilityBatchCounts(
    long accepted, long stale, long rejected, long postcodesEmitted, String rejectionExample)
    implements io.citypulse.jobs.spark.PerBatchCounts.Counts<AvailabilityBatchCounts> {

  public static final AvailabilityBatchCounts NONE = new AvailabilityBatchCounts(0, 0, 0, 0, null);

  /** Every input record of the batch: accepted + stale + rejected. */
  public long records() {
    return accepted + stale + rejected;
  }

  /** Sums two counts; the example of {@code this} wins when both have one. */
  @Override
  public AvailabilityBatchCounts plus(AvailabilityBatchCounts other) {
    return new AvailabilityBatchCounts(
        accepted + other.accepted,
        stale + other.stale,
        rejected + other.rejected,
        postcodesEmitted + other.postcodesEmitted,
        rejectionExample != null ? rejectionExample : other.rejectionExample);
  }
}
