package io.citypulse.jobs.availability;

import io.citypulse.jobs.area.AreaKeySpec;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.jobs.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the availability job per system in its own JVM until killed, for the kill -9 test: {@code
 * <bootstrap> <input> <areas topic> <systems topic> <checkpoint> <workDir> <maxOffsetsPerTrigger>
 * <cell resolution>}. Batches run back to back.
 */
public final class AvailabilityChildMain {
  private AvailabilityChildMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWithParent();
    var spark = SparkSessions.local("local[2]", 2, Path.of(args[5]));
    var settings = new AvailabilityJobSettings(
        args[0],
        args[1],
        args[2],
        args[4],
        "earliest",
        Duration.ZERO,
        Long.parseLong(args[6]),
        AreaGrouping.perSystem(AreaKeySpec.cell(Integer.parseInt(args[7])), args[3]));
    var query = new PostcodeAvailabilityJob(spark, settings).start();
    System.out.println("availability-child-started");
    System.out.flush();
    query.awaitTermination();
  }
}
