package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLayoutMigrationTest {
  @TempDir
  Path dir;

  private org.apache.hadoop.fs.Path previous() {
    return StateLayoutMigration.previousCheckpointToRebuildFrom(
        dir.resolve(PostcodeAvailabilityJob.CHECKPOINT_NAME).toUri().toString(),
        new Configuration());
  }

  @Test
  void aNewCheckpointBesideASingleGroupOneRebuildsFromTheTopic() throws Exception {
    Files.createDirectories(
        dir.resolve(StateLayoutMigration.PREVIOUS_CHECKPOINT_NAME + "/offsets"));

    assertThat(previous()).isNotNull();
    assertThat(previous().getName()).isEqualTo("postcode-availability-v2");
  }

  @Test
  void nothingToRebuildWithoutAnOldCheckpointOrOnceTheNewOneHasStarted() throws Exception {
    assertThat(previous()).as("first run ever").isNull();

    Files.createDirectories(
        dir.resolve(StateLayoutMigration.PREVIOUS_CHECKPOINT_NAME + "/offsets"));
    Files.createDirectories(dir.resolve(PostcodeAvailabilityJob.CHECKPOINT_NAME + "/offsets"));
    assertThat(previous()).as("the new checkpoint resumes from its own offsets").isNull();
  }

  @Test
  void aCheckpointOfAnotherNameIsLeftAlone() throws Exception {
    Files.createDirectories(
        dir.resolve(StateLayoutMigration.PREVIOUS_CHECKPOINT_NAME + "/offsets"));

    assertThat(StateLayoutMigration.previousCheckpointToRebuildFrom(
            dir.resolve("my-checkpoint").toString(), new Configuration()))
        .isNull();
  }
}
