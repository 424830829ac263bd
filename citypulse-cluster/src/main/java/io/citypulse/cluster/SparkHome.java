package io.citypulse.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spark home made of the jars of a Spark distribution (the list {@code citypulse-spark-home}
 * writes at build time): {@code jars/} (links to them), an empty {@code RELEASE} (without it
 * Spark's launcher looks for a source build's directories), {@code bin/spark-submit} and {@code
 * conf/log4j2.properties}. It holds nothing of citypulse: executors started from it see
 * citypulse's classes only if the driver ships the jobs jar.
 */
public final class SparkHome {
  private SparkHome() {}

  /**
   * (Re)creates the Spark home at {@code home} from the jars listed in {@code jarList} (a class
   * path, entries separated by the path separator or new lines).
   *
   * @throws IllegalStateException when the list is missing or names a jar that does not exist
   */
  public static Path create(Path home, Path jarList, String logConfig) {
    List<Path> jars = readList(jarList);
    try {
      Path jarsDir = home.resolve("jars");
      if (Files.isDirectory(jarsDir)) {
        try (var old = Files.list(jarsDir)) {
          for (Path link : old.toList()) {
            Files.delete(link);
          }
        }
      }
      Files.createDirectories(jarsDir);
      for (Path jar : jars) {
        Path link = jarsDir.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar);
        }
      }
      Files.writeString(home.resolve("RELEASE"), "");
      Path bin = Files.createDirectories(home.resolve("bin"));
      Path submit = bin.resolve("spark-submit");
      try (InputStream script = SparkHome.class.getResourceAsStream("spark-submit")) {
        Files.write(submit, script.readAllBytes());
      }
      Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path conf = Files.createDirectories(home.resolve("conf"));
      Files.writeString(conf.resolve("log4j2.properties"), logConfig);
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the Spark home " + home, e);
    }
  }

  static List<Path> readList(Path jarList) {
    if (!Files.isRegularFile(jarList)) {
      throw new IllegalStateException("no list of Spark jars at " + jarList
          + ": build the project first (./mvnw -B package -DskipTests), which writes it");
    }
    String text;
    try {
      text = Files.readString(jarList);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jarList, e);
    }
    List<Path> jars = new ArrayList<>();
    for (String entry : text.split("[\\n" + java.io.File.pathSeparator + "]")) {
      if (entry.isBlank()) {
        continue;
      }
      Path jar = Path.of(entry.trim());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("the Spark jar " + jar + " listed in " + jarList
            + " does not exist: rebuild the project");
      }
      jars.add(jar);
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException(jarList + " lists no jar: rebuild the project");
    }
    return jars;
  }
}
