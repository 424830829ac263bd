package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileFormatTest {

  @Test
  void parsesIdsCaseInsensitively() {
    assertThat(FileFormat.parse("CSV")).isEqualTo(FileFormat.CSV);
    assertThat(FileFormat.parse(" jsonl ")).isEqualTo(FileFormat.JSONL);
    assertThat(FileFormat.parse("yml")).isEqualTo(FileFormat.YAML);
    assertThat(FileFormat.XLSX.id()).isEqualTo("xlsx");
  }

  @Test
  void unknownFormatListsTheValidOnes() {
    assertThatThrownBy(() -> FileFormat.parse("parquet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format 'parquet': valid formats are csv|json|jsonl|xlsx|xml|yaml");
  }

  @Test
  void guessesFromTheExtension() {
    assertThat(FileFormat.guess("data/weather.csv")).isEqualTo(FileFormat.CSV);
    assertThat(FileFormat.guess("a.JSON")).isEqualTo(FileFormat.JSON);
    assertThat(FileFormat.guess("a.ndjson")).isEqualTo(FileFormat.JSONL);
    assertThat(FileFormat.guess("a.jsonl.gz")).isEqualTo(FileFormat.JSONL);
    assertThat(FileFormat.guess("C:\\x\\stations.xlsx")).isEqualTo(FileFormat.XLSX);
    assertThat(FileFormat.guess("a.xml")).isEqualTo(FileFormat.XML);
    assertThat(FileFormat.guess("a.yml")).isEqualTo(FileFormat.YAML);
    assertThat(FileFormat.isGzip("a.csv.GZ")).isTrue();
    assertThat(FileFormat.isGzip("a.csv")).isFalse();
  }

  @Test
  void unknownExtensionAsksForFormat() {
    assertThatThrownBy(() -> FileFormat.guess("x.dat"))
        .hasMessage(
            "cannot tell the format of 'x.dat': give --format csv|json|jsonl|xlsx|xml|yaml");
    assertThatThrownBy(() -> FileFormat.guess("README")).hasMessageContaining("'README'");
    assertThatThrownBy(() -> FileFormat.guess("x.gz")).hasMessageContaining("give --format");
  }
}
