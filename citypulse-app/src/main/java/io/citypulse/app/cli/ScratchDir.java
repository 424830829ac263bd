package io.citypulse.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for a command's local Spark session, deleted when closed. */
final class ScratchDir implements AutoCloseable {
  private final Path path;

  private ScratchDir(Path path) {
    this.path = path;
  }

  /** A new directory under the system's temp dir, named {@code prefix...}. */
  static ScratchDir create(String prefix) {
    try {
      return new ScratchDir(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot create a scratch directory for Spark: " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // under the system temp dir: left for the OS to clean
    }
  }
}
