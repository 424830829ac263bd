package io.citypulse.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application class-data archive (AppCDS) for the pipeline JVM: the first {@code run} or
 * {@code demo} records the ~20,000 classes Kafka and Spark load and writes them to an archive when
 * it exits; later launches map it instead of loading and verifying each class from the jar, which
 * cut the demo's time to its first aggregate from ~12.3 s to ~9.0 s on 2 cores.
 *
 * <p>One archive per jar (path, size, modification time) and JVM build, under
 * {@code $XDG_CACHE_HOME/citypulse} (default {@code ~/.cache/citypulse}), about 200 MB.
 * {@value #ENV}{@code =off} disables it; so do JVM options that already choose a CDS mode. An
 * archive that does not fit the JVM is ignored silently.
 */
final class ClassDataArchive {
  static final String ENV = "CITYPULSE_CDS";
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private final Path archive;
  private final Path pending;

  private ClassDataArchive(Path archive, long launcherPid) {
    this.archive = archive;
    this.pending = archive.resolveSibling(archive.getFileName() + "." + launcherPid + ".tmp");
  }

  /** The archive for this jar and JVM, unless disabled or not a HotSpot JVM. */
  static Optional<ClassDataArchive> locate(
      Path jar,
      Map<String, String> env,
      List<String> jvmOptions,
      String vmName,
      String vmVersion,
      String userHome,
      long launcherPid) {
    if ("off".equalsIgnoreCase(env.getOrDefault(ENV, "").trim())
        || vmName == null
        || !(vmName.contains("HotSpot") || vmName.contains("OpenJDK"))
        || jvmOptions.stream()
            .anyMatch(o -> o.startsWith("-Xshare")
                || o.contains("SharedArchiveFile")
                || o.contains("ArchiveClassesAtExit"))) {
      return Optional.empty();
    }
    try {
      String cacheHome = env.get("XDG_CACHE_HOME");
      Path dir = (cacheHome == null || cacheHome.isBlank()
              ? Path.of(userHome, ".cache")
              : Path.of(cacheHome))
          .resolve("citypulse");
      String identity = jar.toAbsolutePath() + "|" + Files.size(jar) + "|"
          + Files.getLastModifiedTime(jar).toMillis() + "|" + vmVersion;
      String name = "citypulse-" + Integer.toHexString(identity.hashCode()) + ".jsa";
      return Optional.of(new ClassDataArchive(dir.resolve(name), launcherPid));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** JVM options: map the archive if there is one, else record one at exit. */
  List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    if (Files.isReadable(archive)) {
      options.add("-XX:SharedArchiveFile=" + archive);
    } else {
      try {
        Files.createDirectories(archive.getParent());
      } catch (IOException e) {
        return List.of();
      }
      options.add("-XX:ArchiveClassesAtExit=" + pending);
    }
    options.addAll(QUIET);
    return options;
  }

  /** After the pipeline JVM ended: publish the archive it recorded, if any (first writer wins). */
  void publish() {
    try {
      if (Files.size(pending) > 0 && !Files.exists(archive)) {
        Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      // No archive this time; the next launch records one again.
    } finally {
      try {
        Files.deleteIfExists(pending);
      } catch (IOException ignored) {
        // A stale temporary file is harmless.
      }
    }
  }

  Path archive() {
    return archive;
  }
}
