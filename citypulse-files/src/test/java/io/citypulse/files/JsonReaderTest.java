package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void arrayOfFlatObjectsWithNumbersInPlainText() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.JSON,
        "[{\"location\":\"dakar\",\"temperature_c\":1.0E7,\"humidity_pct\":78,"
            + "\"ok\":true,\"city\":null,\"country\":\"\"},"
            + " {\"location\":\"thies\",\"lat\":-1e-3}]");

    assertThat(rows).extracting(Row::label).containsExactly("record 1", "record 2");
    assertThat(rows.get(0).fields())
        .containsEntry("temperature_c", "10000000")
        .containsEntry("humidity_pct", "78")
        .containsEntry("ok", "true")
        .doesNotContainKeys("city", "country");
    assertThat(rows.get(1).fields()).containsEntry("lat", "-0.001");
  }

  @Test
  void objectsOneAfterAnotherAreRecordsToo() {
    List<Row> rows = Fixtures.readAll(FileFormat.JSON, "{\"a\":1}\n{\"a\":2}\n");

    assertThat(rows).extracting(r -> r.fields().get("a")).containsExactly("1", "2");
  }

  @Test
  void nestedValueOrNonObjectIsAnErrorRowAndReadingGoesOn() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.JSON,
        "[{\"a\":1},{\"a\":{\"deep\":[1,2,{\"x\":3}]}},42,[1,2],{\"a\":[]},{\"a\":5}]");

    assertThat(rows).hasSize(6);
    assertThat(rows.get(1).error()).isEqualTo("field 'a' is an object, not a single value");
    assertThat(rows.get(2).error()).isEqualTo("not an object of fields but a number");
    assertThat(rows.get(3).error()).isEqualTo("not an object of fields but a list");
    assertThat(rows.get(4).error()).contains("'a' is a list");
    assertThat(rows.get(5).fields()).containsEntry("a", "5");
  }

  @Test
  void notRecordsAtAllIsFatal() {
    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.JSON, "\"just a string\""))
        .isInstanceOf(FileReadException.class)
        .hasMessageContaining("must be an array of objects or objects one after another")
        .hasMessageContaining("not a string");
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.JSON, "[{\"a\":1},\n{\"a\": tru}]"))
        .isInstanceOf(FileReadException.class)
        .hasMessageStartingWith("record 2: (line 2")
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void emptyFileHasNoRecords() {
    assertThat(Fixtures.readAll(FileFormat.JSON, "")).isEmpty();
    assertThat(Fixtures.readAll(FileFormat.JSON, "[]")).isEmpty();
  }

  @Test
  void jsonLinesBadLineInTheMiddleThenReadingContinues() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.JSONL,
        "{\"location\":\"dakar\"}\n"
            + "{\"location\": oops\n"
            + "\n"
            + "[1,2]\n"
            + "{\"location\":\"thies\",\"wind\":{\"speed\":3}}\n"
            + "{\"location\":\"ziguinchor\"}\n");

    assertThat(rows)
        .extracting(Row::label)
        .containsExactly("line 1", "line 2", "line 4", "line 5", "line 6");
    assertThat(rows.get(1).error()).startsWith("not JSON: ");
    assertThat(rows.get(2).error()).isEqualTo("not an object of fields but a list");
    assertThat(rows.get(3).error()).contains("'wind' is an object");
    assertThat(rows.get(4).fields()).containsEntry("location", "ziguinchor");
  }
}
