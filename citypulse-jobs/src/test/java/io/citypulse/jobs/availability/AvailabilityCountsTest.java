package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvailabilityCountsTest {

  @Test
  void mergedTaskCountsAreKeptPerBatchAndSummed() {
    AvailabilityCounts driver = new AvailabilityCounts();
    AvailabilityCounts task = (AvailabilityCounts) driver.copyAndReset();
    task.add(new AvailabilityBatchCounts(3, 1, 2, 2, "malformed_json at partition 0 offset 4"));

    driver.merge(task);
    driver.merge(task);

    AvailabilityBatchCounts expected =
        new AvailabilityBatchCounts(6, 2, 4, 4, "malformed_json at partition 0 offset 4");
    assertThat(driver.ofBatch(AvailabilityCounts.NO_BATCH)).isEqualTo(expected);
    assertThat(driver.total()).isEqualTo(expected);
    assertThat(driver.total().records()).isEqualTo(12);
    assertThat(driver.ofBatch(7)).isEqualTo(AvailabilityBatchCounts.NONE);
  }

  @Test
  void oldBatchesAreFoldedIntoTheTotalNotLost() {
    AvailabilityCounts driver = new AvailabilityCounts();
    for (long batch = 0; batch < AvailabilityCounts.BATCHES_KEPT + 10; batch++) {
      AvailabilityCounts task = new AvailabilityCounts();
      task.addTo(batch, new AvailabilityBatchCounts(1, 0, 0, 0, null));
      driver.merge(task);
    }

    assertThat(driver.value()).hasSize(AvailabilityCounts.BATCHES_KEPT);
    assertThat(driver.ofBatch(0)).isEqualTo(AvailabilityBatchCounts.NONE);
    assertThat(driver.ofBatch(AvailabilityCounts.BATCHES_KEPT + 9).accepted()).isEqualTo(1);
    assertThat(driver.total().accepted()).isEqualTo(AvailabilityCounts.BATCHES_KEPT + 10);
  }

  @Test
  void aResetCopyIsZero() {
    AvailabilityCounts counts = new AvailabilityCounts();
    counts.add(new AvailabilityBatchCounts(1, 0, 0, 1, null));

    assertThat(counts.isZero()).isFalse();
    assertThat(counts.copyAndReset().isZero()).isTrue();
    assertThat(counts.copy().value()).isEqualTo(counts.value());
  }
}
