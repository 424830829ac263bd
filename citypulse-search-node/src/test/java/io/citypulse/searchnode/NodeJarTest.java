package io.citypulse.searchnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeJarTest {
  @TempDir
  Path dir;

  @Test
  void theConfiguredJarComesFirst() throws IOException {
    Path configured = Files.createFile(dir.resolve("mine.jar"));
    Path property = Files.createFile(dir.resolve("property.jar"));

    assertThat(NodeJar.locate(" " + configured + " ", property.toString(), null))
        .isEqualTo(configured);
  }

  @Test
  void thenTheSystemPropertyThenTheJarBesideTheRunningOne() throws IOException {
    Path property = Files.createFile(dir.resolve("property.jar"));
    Path beside = Files.createFile(dir.resolve("citypulse-opensearch.jar"));

    assertThat(NodeJar.locate("  ", property.toString(), beside)).isEqualTo(property);
    assertThat(NodeJar.locate(null, "", beside)).isEqualTo(beside);
  }

  @Test
  void aMissingConfiguredJarIsNamedWithHowToBuildIt() {
    Path missing = dir.resolve("missing.jar");

    assertThatThrownBy(() -> NodeJar.locate(missing.toString(), null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the configured OpenSearch node jar " + missing + " does not exist: build it"
                + " with ./mvnw -B package -DskipTests (citypulse-app/target/citypulse-opensearch.jar)");
    assertThatThrownBy(() -> NodeJar.locate(null, missing.toString(), null))
        .hasMessageStartingWith("the OpenSearch node jar of -Dcitypulse.opensearch.jar " + missing);
  }

  @Test
  void noJarAnywhereSaysHowToBuildItOrWhatToSetInstead() {
    Path beside = dir.resolve("citypulse-opensearch.jar");

    assertThatThrownBy(() -> NodeJar.locate("", null, beside))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no citypulse-opensearch.jar to start the embedded OpenSearch from (none at "
            + beside + "): build it with ./mvnw -B package -DskipTests"
            + " (citypulse-app/target/citypulse-opensearch.jar), or set storage.search.url to an"
            + " OpenSearch server of your own");
  }

  @Test
  void testsRunFromClassesNotFromAJar() {
    // target/classes is a directory: there is no "beside the running jar" to look in.
    assertThat(NodeJar.besideRunningJar()).isNull();
  }
}
