package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.PostcodeLocation.Source;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostcodeTableTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void readsTheCourseStationsInformationFormat() throws URISyntaxException {
    Path file = Path.of(Objects.requireNonNull(
        getClass().getResource("stations_information.csv")).toURI());

    PostcodeTable table = PostcodeTable.load(file);

    assertThat(table.size()).isEqualTo(6);
    assertThat(table.find("16107", null))
        .contains(new PostcodeLocation("75116", "Paris", Source.TABLE));
    assertThat(table.find("92002", null)).map(PostcodeLocation::commune).contains("Nanterre");
    assertThat(table.find("1001", null)).map(PostcodeLocation::postcode).contains("01000");
    assertThat(table.warnings()).isEmpty();
  }

  @Test
  void toleratesBomSemicolonsCrlfQuotesReorderedAndExtraColumns() throws Exception {
    Path file = write("export.csv", "\uFEFFpostcode;city;remark;station_id;stationCode\r\n"
        + "\"75116\";\"Paris\";\"a;b \"\"quoted\"\"\";213688169;16107\r\n"
        + "\r\n"
        + "01000;\"Bourg-en-Bresse\";;;1001\r\n");

    PostcodeTable table = PostcodeTable.load(file);

    assertThat(table.size()).isEqualTo(2);
    assertThat(table.find("16107", null)).map(PostcodeLocation::postcode).contains("75116");
    assertThat(table.find(null, "213688169")).map(PostcodeLocation::postcode).contains("75116");
    assertThat(table.find("1001", null))
        .contains(new PostcodeLocation("01000", "Bourg-en-Bresse", Source.TABLE));
  }

  @Test
  void readsWindows1252ExportsWithoutManglingAccents() throws Exception {
    Path file = dir.resolve("excel.csv");
    Files.write(file, "stationCode;postcode;city\n44015;94000;Créteil\n"
        .getBytes(Charset.forName("windows-1252")));

    assertThat(PostcodeTable.load(file).find("44015", null))
        .map(PostcodeLocation::commune).contains("Créteil");
  }

  @Test
  void looksUpByStationCodeFirstThenByStationId() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("t.csv", """
        stationCode,station_id,postcode,city
        A1,ID-1,75001,Paris
        A2,ID-2,75002,Paris
        """));

    assertThat(table.find("A2", "ID-1")).map(PostcodeLocation::postcode).contains("75002");
    assertThat(table.find("unknown-code", "ID-1")).map(PostcodeLocation::postcode).contains("75001");
    assertThat(table.find(null, "ID-2")).map(PostcodeLocation::postcode).contains("75002");
    assertThat(table.find("nope", "nope")).isEmpty();
  }

  @Test
  void acceptsButWarnsAboutPostcodesThatAreNotFiveDigits() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("t.csv", """
        stationCode,station_id,postcode,city
        1001,1,1000,Bourg-en-Bresse
        """));

    assertThat(table.find("1001", null)).map(PostcodeLocation::postcode).contains("1000");
    assertThat(table.warnings()).singleElement().asString().contains("t.csv:2", "'1000'");
  }

  @Test
  void aShortRowIsAnErrorNamingFileAndLine() throws Exception {
    Path file = write("short.csv", """
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris
        16031,17210608
        """);

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessageContaining("short.csv:3:")
        .hasMessageContaining("expected at least 3 fields")
        .satisfies(e -> assertThat(((PostcodeTableException) e).line()).isEqualTo(3));
  }

  @Test
  void lineNumbersCountLineBreaksInsideQuotedFields() throws Exception {
    Path file = write("multiline.csv", "stationCode,postcode,city\n"
        + "1,75001,\"Paris\ncentre\"\n"
        + "2,,Paris\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .hasMessageContaining("multiline.csv:4:")
        .hasMessageContaining("blank postcode for station 2");
  }

  @Test
  void aHeaderWithoutPostcodeColumnIsRejected() throws Exception {
    Path file = write("noheader.csv", "16107,213688169,75116,Paris\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessageContaining("noheader.csv:1:")
        .hasMessageContaining("expected stationCode,station_id,postcode,city");
  }

  @Test
  void anUnterminatedQuoteIsRejectedAtTheLineItStarts() throws Exception {
    Path file = write("quote.csv", "stationCode,postcode\n1,75001\n2,\"75002\n3,75003\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .hasMessageContaining("quote.csv:3:")
        .hasMessageContaining("unterminated");
  }

  @Test
  void aStationMappedToTwoPostcodesIsRejectedNamingBothLines() throws Exception {
    Path file = write("dup.csv", """
        stationCode,postcode
        16107,75116
        16107,75116
        16107,75016
        """);

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .hasMessageContaining("dup.csv:4:")
        .hasMessageContaining("on line 2");
  }

  @Test
  void aRowWithoutAnyStationIdentifierIsRejected() throws Exception {
    Path file = write("noid.csv", "stationCode,station_id,postcode\n,,75001\n");

    assertThatThrownBy(() -> PostcodeTable.load(file)).hasMessageContaining("noid.csv:2:");
  }

  @Test
  void aMissingOrEmptyFileIsRejectedNamingIt() throws Exception {
    Path missing = dir.resolve("missing.csv");
    Path empty = write("empty.csv", "\n\n");

    assertThatThrownBy(() -> PostcodeTable.load(missing))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessageContaining("missing.csv");
    assertThatThrownBy(() -> PostcodeTable.load(empty)).hasMessageContaining("empty file");
  }
}
