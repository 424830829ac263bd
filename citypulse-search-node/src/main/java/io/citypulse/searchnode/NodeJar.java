package io.citypulse.searchnode;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where citypulse-opensearch.jar is (see {@link EmbeddedSearchNode#locateJar}). */
final class NodeJar {
  static final String NAME = "citypulse-opensearch.jar";
  static final String PROPERTY = "citypulse.opensearch.jar";
  static final String BUILD_IT =
      "build it with ./mvnw -B package -DskipTests" + " (citypulse-app/target/" + NAME + ")";

  private NodeJar() {}

  /**
   * @param besideRunningJar where the jar would be beside citypulse.jar; null when not running
   *     from a jar
   */
  static Path locate(String configured, String property, Path besideRunningJar) {
    if (configured != null && !configured.isBlank()) {
      return existing(Path.of(configured.trim()), "the configured OpenSearch node jar");
    }
    if (property != null && !property.isBlank()) {
      return existing(Path.of(property.trim()), "the OpenSearch node jar of -D" + PROPERTY);
    }
    if (besideRunningJar != null && Files.isRegularFile(besideRunningJar)) {
      return besideRunningJar.toAbsolutePath();
    }
    throw new IllegalStateException("no " + NAME + " to start the embedded OpenSearch from"
        + (besideRunningJar == null ? "" : " (none at " + besideRunningJar + ")") + ": "
        + BUILD_IT + ", or set storage.search.url to an OpenSearch server of your own");
  }

  /** citypulse-opensearch.jar in the directory of the jar this class runs from, if it is one. */
  static Path besideRunningJar() {
    try {
      Path running = Path.of(
          NodeJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return running.toString().endsWith(".jar") && running.getParent() != null
          ? running.getParent().resolve(NAME)
          : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static Path existing(Path jar, String what) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(what + " " + jar + " does not exist: " + BUILD_IT);
    }
    return jar.toAbsolutePath();
  }
}
