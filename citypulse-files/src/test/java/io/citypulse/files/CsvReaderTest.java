package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void rowsCarryTheirPhysicalLineAndEmptyCellsAreAbsent() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.CSV,
        "\uFEFFlocation,city,temperature_c\n"
            + "dakar,Dakar,29.5\n"
            + "\n"
            + "thies,\"Thiès\nsur deux lignes\",\n"
            + "ziguinchor,Ziguinchor,-1\n");

    assertThat(rows).extracting(Row::label).containsExactly("line 2", "line 4", "line 6");
    assertThat(rows.get(0).fields())
        .containsExactly(
            java.util.Map.entry("location", "dakar"),
            java.util.Map.entry("city", "Dakar"),
            java.util.Map.entry("temperature_c", "29.5"));
    assertThat(rows.get(1).fields())
        .containsEntry("city", "Thiès\nsur deux lignes")
        .doesNotContainKey("temperature_c");
  }

  @Test
  void raggedLineIsAnErrorRowAndReadingGoesOn() {
    List<Row> rows = Fixtures.readAll(FileFormat.CSV, "a,b\n1,2\n1,2,3\n4,5\n6\n7,8,,\n");

    assertThat(rows).hasSize(5);
    assertThat(rows.get(1).isError()).isTrue();
    assertThat(rows.get(1).label()).isEqualTo("line 3");
    assertThat(rows.get(1).error()).isEqualTo("3 cells but the header has 2 columns");
    assertThat(rows.get(2).fields()).containsEntry("a", "4").containsEntry("b", "5");
    assertThat(rows.get(3).fields()).containsOnlyKeys("a"); // a short line: missing cells absent
    assertThat(rows.get(4).isError()).as("empty extra cells are no error").isFalse();
  }

  @Test
  void separatorIsTakenFromTheHeaderLine() {
    List<Row> semicolons = Fixtures.readAll(FileFormat.CSV, "code;\"name, long\";n\n1;a,b;2\n");
    List<Row> tabs = Fixtures.readAll(FileFormat.CSV, "code\tname\n1\ta;b\n");

    assertThat(semicolons.get(0).fields())
        .containsEntry("name, long", "a,b")
        .containsEntry("n", "2");
    assertThat(tabs.get(0).fields()).containsEntry("name", "a;b");
  }

  @Test
  void headerProblemsAreFatal() {
    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.CSV, ""))
        .isInstanceOf(FileReadException.class)
        .hasMessageContaining("needs a header line");
    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.CSV, "a,b,a\n1,2,3\n"))
        .isInstanceOf(FileReadException.class)
        .hasMessage("line 1: column 'a' appears twice in the header");
  }

  @Test
  void unclosedQuoteIsAReadableFailure() {
    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.CSV, "a,b\n1,2\n3,\"never closed\n"))
        .isInstanceOf(FileReadException.class)
        .hasMessageContaining("malformed CSV")
        .hasMessageNotContaining("at com.");
  }
}
