package io.citypulse.dashboard.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One Spark streaming query of the pipeline: an entry of {@code /api/health}'s {@code jobs}.
 *
 * @param status {@code starting} (no batch yet), {@code running}, {@code stopped} or {@code failed}
 * @param lag records on its input topic beyond what its last batch read (Spark's own offsets), null
 *     before the first batch
 */
public record JobHealth(
    @JsonProperty("job") String job,
    @JsonProperty("input_topic") String inputTopic,
    @JsonProperty("status") String status,
    @JsonProperty("batches") long batches,
    @JsonProperty("last_batch_at") Instant lastBatchAt,
    @JsonProperty("last_batch_ms") Long lastBatchMillis,
    @JsonProperty("input_records") long inputRecords,
    @JsonProperty("lag") Long lag) {}
