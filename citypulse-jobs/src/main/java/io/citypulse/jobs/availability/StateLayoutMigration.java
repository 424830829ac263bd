package io.citypulse.jobs.availability;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moving from the single-group state of {@code postcode-availability-v2} to the per-station state
 * of {@link PostcodeAvailabilityJob#CHECKPOINT_NAME}: the old blob cannot become keyed state inside
 * Spark's checkpoint, so the new checkpoint rebuilds the state from the input topic, read from its
 * earliest offset (the topic is compacted: it holds the latest record of every station). The totals
 * the rebuild emits are complete values, so readers of the output topic just see them refreshed.
 */
final class StateLayoutMigration {
  private StateLayoutMigration() {}

  /** The single-group layout's checkpoint directory name, next to the new one. */
  static final String PREVIOUS_CHECKPOINT_NAME = "postcode-availability-v2";

  /**
   * The previous layout's checkpoint when {@code checkpointLocation} is a new checkpoint of this
   * layout with one beside it (so the job must rebuild from the earliest offset), else null.
   */
  static Path previousCheckpointToRebuildFrom(String checkpointLocation, Configuration hadoop) {
    Path current = new Path(checkpointLocation);
    if (!PostcodeAvailabilityJob.CHECKPOINT_NAME.equals(current.getName())
        || current.getParent() == null) {
      return null;
    }
    Path previous = new Path(current.getParent(), PREVIOUS_CHECKPOINT_NAME);
    try {
      FileSystem fs = current.getFileSystem(hadoop);
      boolean started = fs.exists(new Path(current, "offsets"));
      return !started && fs.exists(new Path(previous, "offsets")) ? previous : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at the checkpoint " + checkpointLocation, e);
    }
  }
}
