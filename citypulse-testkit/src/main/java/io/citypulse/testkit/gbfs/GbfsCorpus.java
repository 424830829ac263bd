package io.citypulse.testkit.gbfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * A directory of real GBFS captures, one folder per system and capture (e.g.
 * {@code citibike-nyc-2019/station_status.json}), given to the conformance tests by the system
 * property {@value #PROPERTY}. The captures are third-party data: they are read where they are,
 * never copied into the project. Without the property the tests that need them are skipped with
 * {@link #HOW_TO_RUN}.
 */
public final class GbfsCorpus {
  /** The system property naming the corpus directory; the build sets it from {@code -Dgbfs.corpus}. */
  public static final String PROPERTY = "citypulse.gbfs.corpus";

  public static final String HOW_TO_RUN = "no GBFS corpus given: run with"
      + " ./mvnw verify -Dgbfs.corpus=/path/to/corpus/gbfs (a directory of folders, one per system,"
      + " each holding captured station_status.json, station_information.json, ...)";

  private GbfsCorpus() {}

  /** The corpus directory, if the property names one. */
  public static Optional<Path> directory() {
    String value = System.getProperty(PROPERTY, "").trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /**
   * One dynamic test per folder, or, without a corpus, one test that is skipped saying how to
   * run them (an assumption failing in a test factory itself would hide the message).
   */
  public static Stream<DynamicTest> perSystem(Function<CorpusSystem, Stream<DynamicTest>> tests) {
    Optional<Path> directory = directory();
    if (directory.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("GBFS corpus", () -> {
        System.out.println("skipped: " + HOW_TO_RUN);
        Assumptions.abort(HOW_TO_RUN);
      }));
    }
    Path dir = directory.get();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(PROPERTY + " = " + dir + " is not a directory");
    }
    List<DynamicTest> all = systems(dir).stream().flatMap(tests).toList();
    if (all.isEmpty()) {
      throw new IllegalStateException(PROPERTY + " = " + dir + " holds no capture to check");
    }
    return all.stream();
  }

  /** The system folders of a corpus, sorted by name. */
  public static List<CorpusSystem> systems(Path corpus) {
    try (Stream<Path> entries = Files.list(corpus)) {
      return entries.filter(Files::isDirectory).sorted().map(CorpusSystem::new).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + corpus, e);
    }
  }
}
