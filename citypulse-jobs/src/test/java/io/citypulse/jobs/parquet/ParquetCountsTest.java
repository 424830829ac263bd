package io.citypulse.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParquetCountsTest {
  private static final ParquetBatchCounts ONE_WRITTEN = new ParquetBatchCounts(1, 0, 0, null);

  private static ParquetBatchCounts unreadable(String reason, int partition, long offset) {
    return new ParquetBatchCounts(0, 0, 1, ParquetBatchCounts.describe(reason, partition, offset));
  }

  @Test
  void taskCountsAreKeptPerBatchWithTheFirstUnreadableRecord() {
    ParquetCounts driver = new ParquetCounts();
    ParquetCounts task = (ParquetCounts) driver.copyAndReset();
    task.addTo(3, ONE_WRITTEN);
    task.addTo(3, unreadable("missing system", 1, 17L));
    task.addTo(3, unreadable("tombstone", 0, 40L));
    task.addTo(3, new ParquetBatchCounts(0, 4, 0, null));
    task.addTo(4, ONE_WRITTEN);

    driver.merge(task);

    assertThat(driver.ofBatch(3))
        .isEqualTo(new ParquetBatchCounts(1, 4, 2, "missing system at partition 1 offset 17"));
    assertThat(driver.ofBatch(4)).isEqualTo(new ParquetBatchCounts(1, 0, 0, null));
    assertThat(driver.ofBatch(5)).isEqualTo(ParquetBatchCounts.NONE);
    assertThat(driver.total())
        .isEqualTo(new ParquetBatchCounts(2, 4, 2, "missing system at partition 1 offset 17"));
  }

  @Test
  void oldBatchesAreFoldedIntoTheTotalNotLost() {
    ParquetCounts driver = new ParquetCounts();
    for (long batch = 0; batch < ParquetCounts.BATCHES_KEPT + 5; batch++) {
      ParquetCounts task = new ParquetCounts();
      task.addTo(batch, new ParquetBatchCounts(1, 2, 0, null));
      driver.merge(task);
    }

    assertThat(driver.value()).hasSize(ParquetCounts.BATCHES_KEPT);
    assertThat(driver.ofBatch(0)).isEqualTo(ParquetBatchCounts.NONE);
    assertThat(driver.total().written()).isEqualTo(ParquetCounts.BATCHES_KEPT + 5);
    assertThat(driver.total().repeated()).isEqualTo(2L * (ParquetCounts.BATCHES_KEPT + 5));
    assertThat(driver.copyAndReset().isZero()).isTrue();
    assertThat(driver.isZero()).isFalse();
  }
}
