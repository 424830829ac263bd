package io.citypulse.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetCheckpointGuardTest {
  @TempDir
  Path dir;

  @Test
  void latestBatchReadsPlainAndCompactedLogFilesAndIgnoresTheRest() {
    assertThat(CheckpointGuard.latestBatch(List.of())).isEqualTo(-1);
    assertThat(CheckpointGuard.latestBatch(
            List.of("0", "1", "9.compact", "10", ".11.tmp", "_metadata", "12.crc")))
        .isEqualTo(10);
    assertThat(CheckpointGuard.latestBatch(List.of("19.compact"))).isEqualTo(19);
  }

  private void touch(String relative) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "v1");
  }

  @Test
  void aCheckpointBehindTheSinkLogIsRefusedOneThatPlannedItsBatchesIsNot() throws Exception {
    String history = dir.resolve("history/stations").toUri().toString();
    String checkpoint = dir.resolve("checkpoints/parquet-stations-v2").toString();
    Configuration hadoop = new Configuration();

    assertThatCode(() -> CheckpointGuard.requireCheckpointOf(history, checkpoint, hadoop))
        .as("both new")
        .doesNotThrowAnyException();

    touch("history/stations/_spark_metadata/0");
    touch("history/stations/_spark_metadata/1");
    assertThatThrownBy(() -> CheckpointGuard.requireCheckpointOf(history, checkpoint, hadoop))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "written up to batch 1 with another checkpoint than " + checkpoint + " (new)")
        .hasMessageContaining("move the history directory aside");

    touch("checkpoints/parquet-stations-v2/offsets/0");
    assertThatThrownBy(() -> CheckpointGuard.requireCheckpointOf(history, checkpoint, hadoop))
        .hasMessageContaining("(at batch 0)");

    // Killed after the sink committed batch 1 and before the commit log: the checkpoint planned it.
    touch("checkpoints/parquet-stations-v2/offsets/1");
    assertThatCode(() -> CheckpointGuard.requireCheckpointOf(history, checkpoint, hadoop))
        .doesNotThrowAnyException();
  }
}
