package io.citypulse.searchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The child JVM's command line. */
final class ChildCommand {
  private ChildCommand() {}

  static List<String> of(EmbeddedSearchNode.Options options, Path home) {
    return List.of(
        java().toString(),
        "-Xms" + options.heap(),
        "-Xmx" + options.heap(),
        // One node on a small machine: the serial collector has no GC threads of its own and the
        // smallest footprint; a 512 MB heap collects in milliseconds.
        "-XX:+UseSerialGC",
        "-Xss1m",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        // As OpenSearch's own launcher on Java 17: its date formats rely on its calendar data
        // provider (SPI) and the JDK's legacy locale data (COMPAT). Read once at JVM start.
        "-Djava.locale.providers=SPI,COMPAT",
        "-jar",
        options.nodeJar().toAbsolutePath().toString(),
        "--home",
        home.toString(),
        "--http-port",
        Integer.toString(options.httpPort()));
  }

  /** The java this JVM runs on, so the child has the same version and vendor. */
  static Path java() {
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome;
    }
    Optional<String> command = ProcessHandle.current().info().command();
    return command.map(Path::of).orElse(fromHome);
  }
}
