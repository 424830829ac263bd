package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlReaderTest {

  @Test
  void recordsFieldsAttributesAndNestedErrors() {
    List<Row> rows = Fixtures.readAll(
        FileFormat.XML,
        "<?xml version=\"1.0\"?>\n<!-- an export -->\n<observations>\n"
            + "  <obs location=\"dakar\"><temperature_c>29.5</temperature_c><city/></obs>\n"
            + "  <obs><location>thies</location><wind><speed>3</speed></wind></obs>\n"
            + "  <obs><location><![CDATA[a < b & c]]></location><city>Thiès</city></obs>\n"
            + "</observations>\n");

    assertThat(rows).extracting(Row::label).containsExactly("record 1", "record 2", "record 3");
    assertThat(rows.get(0).fields())
        .containsEntry("location", "dakar")
        .containsEntry("temperature_c", "29.5")
        .doesNotContainKey("city");
    assertThat(rows.get(1).error())
        .isEqualTo("field 'wind' has child elements, not a single value");
    assertThat(rows.get(2).fields())
        .containsEntry("location", "a < b & c")
        .containsEntry("city", "Thiès");
  }

  @Test
  void malformedXmlSaysWhere() {
    assertThatThrownBy(() -> Fixtures.readAll(
            FileFormat.XML, "<records>\n<record><a>1</a></record>\n<record><a>2</b></record>"))
        .isInstanceOf(FileReadException.class)
        .hasMessageStartingWith("record 2: (line 3")
        .hasMessageContaining("malformed XML");
  }

  @Test
  void billionLaughsIsRefusedQuicklyWithoutExpansion() {
    StringBuilder xml = new StringBuilder(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n" + " <!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      xml.append(" <!ENTITY lol").append(i).append(" \"");
      String previous = i == 1 ? "&lol;" : "&lol" + (i - 1) + ";";
      xml.append(previous.repeat(10)).append("\">\n");
    }
    xml.append("]>\n<records><record><a>&lol9;</a></record></records>\n");

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> assertThatThrownBy(() -> Fixtures.readAll(FileFormat.XML, xml.toString()))
            .isInstanceOf(FileReadException.class)
            .hasMessageContaining("document type declaration")
            .hasMessageNotContaining("lollol"));
  }

  @Test
  void externalEntityIsRefusedAndTheFileNotRead(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + secret.toUri()
        + "\">]>\n<records><record><a>&xxe;</a></record></records>";

    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.XML, xml))
        .isInstanceOf(FileReadException.class)
        .hasMessageContaining("refused")
        .hasMessageNotContaining("TOP-SECRET");
  }

  @Test
  void undeclaredEntityWithoutDtdIsAnError() {
    assertThatThrownBy(() ->
            Fixtures.readAll(FileFormat.XML, "<records><record><a>&xxe;</a></record></records>"))
        .isInstanceOf(FileReadException.class)
        .hasMessageContaining("xxe");
  }

  @Test
  void writerRefusesColumnsThatAreNotXmlNames() {
    assertThatThrownBy(() -> RecordWriter.open(
            FileFormat.XML, new java.io.ByteArrayOutputStream(), List.of("ok", "not ok")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not ok'");
  }
}
