package io.citypulse.jobs.parquet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Refuses to start a history query whose checkpoint is behind the file sink's log: a checkpoint
 * other than the one the history was written with (a new state directory, or the stateless v1
 * checkpoint left behind by {@link ParquetStream#checkpointName()}'s v2).
 *
 * <p>Why: Spark's file sink skips every batch whose id is not above the last one in its log
 * ({@code FileStreamSink.addBatch}: "Skipping already committed batch"), and a new checkpoint
 * numbers its batches from 0 again. Started anyway, the query would silently drop its first
 * batches and then append the topic again from the starting offsets, duplicating the history.
 */
final class CheckpointGuard {
  private CheckpointGuard() {}

  /** Batch files of Spark's metadata logs: {@code 12}, and {@code 19.compact} in the sink's log. */
  private static final Pattern BATCH_FILE = Pattern.compile("(\\d+)(\\.compact)?");

  /**
   * @throws IllegalStateException when the sink log under {@code outputDirectory} holds a batch
   *     the checkpoint has not planned
   */
  static void requireCheckpointOf(
      String outputDirectory, String checkpointLocation, Configuration hadoop) {
    long sinkBatch = latestBatch(list(new Path(outputDirectory, "_spark_metadata"), hadoop));
    long plannedBatch = latestBatch(list(new Path(checkpointLocation, "offsets"), hadoop));
    if (sinkBatch > plannedBatch) {
      throw new IllegalStateException("the Parquet history at " + outputDirectory
          + " was written up to batch " + sinkBatch + " with another checkpoint than "
          + checkpointLocation + (plannedBatch < 0 ? " (new)" : " (at batch " + plannedBatch + ")")
          + ": Spark's file sink would skip this checkpoint's first batches and append the topic"
          + " again. Resume with the checkpoint the history was written with, or move the history"
          + " directory aside to start a new one");
    }
  }

  /** The highest batch id among metadata log file names, -1 when none. */
  static long latestBatch(List<String> fileNames) {
    long latest = -1;
    for (String name : fileNames) {
      Matcher batch = BATCH_FILE.matcher(name);
      if (batch.matches()) {
        latest = Math.max(latest, Long.parseLong(batch.group(1)));
      }
    }
    return latest;
  }

  private static List<String> list(Path directory, Configuration hadoop) {
    List<String> names = new ArrayList<>();
    try {
      FileSystem fs = directory.getFileSystem(hadoop);
      for (FileStatus status : fs.listStatus(directory)) {
        names.add(status.getPath().getName());
      }
    } catch (FileNotFoundException e) {
      // No log yet: a new history or a new checkpoint.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return names;
  }
}
