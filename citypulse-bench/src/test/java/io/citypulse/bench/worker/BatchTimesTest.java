package io.citypulse.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchTimesTest {
  private static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");

  private static BatchTimes.Batch batch(
      long id, long rows, long triggerMs, long addBatchMs, long endSecond) {
    return new BatchTimes.Batch(id, rows, triggerMs, addBatchMs, T0.plusSeconds(endSecond));
  }

  @Test
  void summaryCountsOnlyBatchesThatReadRecords() {
    BatchTimes times = new BatchTimes();
    times.add(batch(0, 20_000, 3_000, 2_500, 3));
    times.add(batch(1, 0, 5, 0, 4));
    for (int i = 2; i < 21; i++) {
      times.add(batch(i, 20_000, 400 + i, 300, 4 + i));
    }
    Map<String, Object> summary = times.summary();
    assertThat(summary)
        .containsEntry("batches", 21)
        .containsEntry("data_batches", 20)
        .containsEntry("first_batch_ms", 3_000L)
        .containsEntry("batch_ms_max", 3_000L);
    // Nearest rank: the 19th of 20 sorted durations (402..420, then 3,000).
    assertThat(summary.get("batch_ms_p95")).isEqualTo(420L);
    assertThat(summary.get("batch_ms_p95_after_first")).isEqualTo(420L);
    double afterFirst = (double) summary.get("batch_ms_mean_after_first");
    assertThat(afterFirst).isEqualTo(411.0);
    assertThat((double) summary.get("batch_ms_mean")).isEqualTo((3_000 + 411.0 * 19) / 20);
    assertThat((double) summary.get("add_batch_ms_mean")).isEqualTo((2_500 + 300.0 * 19) / 20);
    // 19 later batches of 20,000 rows, ending 2 s .. 20 s after the start, the first at 3 s.
    assertThat((double) summary.get("records_per_s_after_first_batch"))
        .isCloseTo(19 * 20_000 / 21.0, within(1e-6));
    assertThat(times.inputRows()).isEqualTo(400_000);
    assertThat(times.rows()).hasSize(21);
  }

  @Test
  void theEndIsThatOfTheBatchThatReadTheLastRecord() {
    BatchTimes times = new BatchTimes();
    times.add(batch(0, 50_000, 1_000, 900, 10));
    assertThat(times.endWhenRowsReached(60_000)).isEmpty();
    times.add(batch(1, 10_000, 200, 150, 12));
    times.add(batch(2, 0, 3, 0, 13));
    assertThat(times.endWhenRowsReached(60_000)).hasValue(T0.plusSeconds(12));
    assertThat(times.endWhenRowsReached(50_000)).hasValue(T0.plusSeconds(10));
  }

  @Test
  void noBatchWithRecordsGivesNoTimes() {
    BatchTimes times = new BatchTimes();
    times.add(batch(0, 0, 5, 0, 1));
    assertThat(times.summary()).containsEntry("data_batches", 0).doesNotContainKey("batch_ms_mean");
  }
}
