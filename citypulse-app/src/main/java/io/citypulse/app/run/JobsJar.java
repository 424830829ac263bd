package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lean jobs jar a cluster runs citypulse's Spark code from: the executors of a run in client
 * mode load it ({@code spark.jars}), and {@code citypulse submit} submits it.
 */
public final class JobsJar {
  static final String NAME = "citypulse-jobs.jar";

  private JobsJar() {}

  /**
   * The configured jar ({@code spark.jobs-jar}), else the one built beside the running
   * citypulse.jar.
   *
   * @throws UserFacingException when there is none: the cluster could not run a single task
   */
  public static Path locate(String configured, String master) {
    if (configured != null && !configured.isBlank()) {
      Path jar = Path.of(configured.trim());
      if (!Files.isRegularFile(jar)) {
        throw new UserFacingException("spark.jobs-jar " + jar + " does not exist (build it with"
            + " ./mvnw -B package -DskipTests: citypulse-app/target/" + NAME + ")");
      }
      return jar.toAbsolutePath();
    }
    Path beside = besideRunningJar();
    if (beside == null || !Files.isRegularFile(beside)) {
      throw new UserFacingException("spark.master " + master + " runs the jobs on a cluster,"
          + " which needs citypulse's classes: no " + NAME + " beside the running jar"
          + (beside == null ? "" : " (" + beside + ")") + "; set spark.jobs-jar to the one built"
          + " in citypulse-app/target");
    }
    return beside;
  }

  /** {@code citypulse-jobs.jar} in the directory of the jar this class runs from, if it is one. */
  static Path besideRunningJar() {
    try {
      Path running = Path.of(
          JobsJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return running.toString().endsWith(".jar") && running.getParent() != null
          ? running.getParent().resolve(NAME)
          : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
