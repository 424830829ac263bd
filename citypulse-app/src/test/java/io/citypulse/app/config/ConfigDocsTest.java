package io.citypulse.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  @Test
  void readmeDocumentsEveryKeyExactlyAsDeclared() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));

    // Regenerate with: java -jar citypulse-app/target/citypulse.jar config --markdown
    assertThat(readme).contains(ConfigDocs.markdownTable());
  }

  @Test
  void everyKeyHasDocumentationAndAUniqueEnvironmentVariable() {
    assertThat(CitypulseConfig.ALL).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
    assertThat(CitypulseConfig.ALL.stream().map(ConfigKey::envVariable).distinct())
        .hasSize(CitypulseConfig.ALL.size());
  }
}
