package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

  @Test
  void sequenceOfMapsWithScalarsAsWritten() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.YAML,
        "# an export\n"
            + "- location: dakar\n"
            + "  temperature_c: 29.50\n"
            + "  pressure_hpa: 1.0e+3\n"
            + "  city: ~\n"
            + "  observed_at: 2025-10-18T12:00:00Z\n"
            + "- {location: thies, city: \"Thiès\"}\n");

    assertThat(rows).extracting(Row::label).containsExactly("record 1", "record 2");
    assertThat(rows.get(0).fields())
        .containsEntry("temperature_c", "29.50")
        .containsEntry("pressure_hpa", "1000")
        .containsEntry("observed_at", "2025-10-18T12:00:00Z")
        .doesNotContainKey("city");
    assertThat(rows.get(1).fields()).containsEntry("city", "Thiès");
  }

  @Test
  void nestedValuesAreErrorRows() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.YAML, "- a: 1\n- a: [1, 2]\n- just text\n- a: {b: 1}\n- a: 2\n");

    assertThat(rows).extracting(Row::isError).containsExactly(false, true, true, true, false);
    assertThat(rows.get(2).error()).isEqualTo("not an object of fields but a string");
  }

  @Test
  void topLevelMapIsNotRecords() {
    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.YAML, "a: 1\nb: 2\n"))
        .isInstanceOf(FileReadException.class)
        .hasMessageContaining("must be a list of maps, not an object");
  }

  @Test
  void aliasBombIsRefusedQuickly() {
    StringBuilder bomb = new StringBuilder("- a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char previous = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      bomb.append(("*" + previous + ",").repeat(9)).append('*').append(previous).append("]\n");
      previous = c;
    }
    bomb.append("- location: after\n");

    List<Row> rows = assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> Fixtures.readAll(FileFormat.YAML, bomb.toString()));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).error()).contains("'a' is a list");
    assertThat(rows.get(1).fields()).containsEntry("location", "after");
  }

  @Test
  void aliasAsAFieldValueIsAnErrorRow() {
    List<Row> rows = Fixtures.readAll(FileFormat.YAML, "- a: &x 1\n  b: *x\n");

    assertThat(rows.get(0).error())
        .isEqualTo("field 'b' is a YAML alias, which records may not use");
  }

  @Test
  void aliasBombAsAMappingFileIsRefused() {
    String bomb = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
        + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> assertThatThrownBy(() ->
                ColumnMapping.load(new java.io.ByteArrayInputStream(bomb.getBytes()), "bomb.yaml"))
            .isInstanceOf(IllegalArgumentException.class));
  }
}
