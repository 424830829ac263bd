package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostcodeTableTest {

  @TempDir
  Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(PostcodeTableTest.class.getResource(name)).toURI());
  }

  @Test
  void readsTheCourseStationsInformationFormat() throws URISyntaxException {
    PostcodeTable table = PostcodeTable.load(resource("stations_information.csv"));

    assertThat(table.size()).isEqualTo(6);
    assertThat(table.find("16107", null))
        .contains(new PostcodeLocation("75116", "Paris", Source.TABLE));
    assertThat(table.find("92002", null)).map(PostcodeLocation::commune).contains("Nanterre");
    assertThat(table.find("1001", null)).map(PostcodeLocation::postcode).contains("01000");
    assertThat(table.warnings()).isEmpty();
    assertThat(table.blankRows()).isEmpty();
  }

  /** The course's real file has this shape: two rows without a postcode, not an error. */
  @Test
  void rowsWithoutPostcodeAreLeftOutWithOneWarningNamingThem() throws URISyntaxException {
    Path file = resource("stations_information_blank_postcodes.csv");

    PostcodeTable table = PostcodeTable.load(file);

    assertThat(table.size()).isEqualTo(4);
    assertThat(table.find("11104", "120104")).isEmpty();
    assertThat(table.find("7003", "140003")).isEmpty();
    assertThat(table.find("44012", null))
        .contains(new PostcodeLocation("94300", "Vincennes", Source.TABLE));
    assertThat(table.blankRows())
        .extracting(PostcodeTable.SourceRow::line, PostcodeTable.SourceRow::station)
        .containsExactly(tuple(5, "11104"), tuple(7, "7003"));
    assertThat(table.warnings())
        .singleElement()
        .asString()
        .contains("2 row(s) without a postcode")
        .contains(file + ":5 (station 11104, postcode '')")
        .contains(file + ":7 (station 7003, postcode '')")
        .contains("else UNKNOWN")
        .doesNotContain(", ...");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "   ", "NULL", "null", "Null", "-", "--", "N/A", "n/a", "NA", "#N/A", "NaN", "None",
        "?", "\u00A0"
      })
  void noValueMarkersCountAsABlankPostcode(String marker) throws Exception {
    PostcodeTable table = PostcodeTable.load(write(
        "t.csv",
        "stationCode;station_id;postcode;city\n16107;213688169;75116;Paris\n11104;120104;" + marker
            + ";Paris\n"));

    assertThat(table.size()).isEqualTo(1);
    assertThat(table.find("11104", null)).isEmpty();
    assertThat(table.blankRows())
        .singleElement()
        .satisfies(row -> assertThat(row.line()).isEqualTo(3))
        .satisfies(row -> assertThat(row.postcode()).isEqualTo(marker.strip()));
  }

  @Test
  void manyBlankRowsGiveOneWarningWithTheCountAndTheFirstFew() throws Exception {
    StringBuilder csv = new StringBuilder("stationCode,postcode\n1,75001\n");
    for (int i = 2; i <= 9; i++) {
      csv.append(i).append(",NULL\n");
    }
    Path file = write("many.csv", csv.toString());

    PostcodeTable table = PostcodeTable.load(file);

    assertThat(table.blankRows()).hasSize(8);
    assertThat(table.warnings())
        .singleElement()
        .asString()
        .contains("8 row(s) without a postcode")
        .contains(file + ":3 (station 2, postcode 'NULL')", file + ":7 (station 6,")
        .doesNotContain("station 7,")
        .endsWith(", ...");
  }

  @Test
  void toleratesBomSemicolonsCrlfQuotesReorderedAndExtraColumns() throws Exception {
    Path file = write(
        "export.csv",
        "\uFEFFpostcode;city;remark;station_id;stationCode\r\n"
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

  @ParameterizedTest
  @ValueSource(strings = {",", ";", "\t"})
  void readsCommaSemicolonAndTabSeparatedTables(String separator) throws Exception {
    PostcodeTable table = PostcodeTable.load(write(
        "t.csv",
        String.join(separator, "stationCode", "station_id", "postcode", "city") + "\n"
            + String.join(separator, "16107", "213688169", "75116", "Paris") + "\n"
            + String.join(separator, "32017", "2515829865", "93200", "\"Saint-Denis, 93\"")
            + "\n"));

    assertThat(table.find("16107", null))
        .contains(new PostcodeLocation("75116", "Paris", Source.TABLE));
    assertThat(table.find(null, "2515829865"))
        .map(PostcodeLocation::commune)
        .contains("Saint-Denis, 93");
  }

  @Test
  void blankLinesBeforeTheHeaderDoNotHideItsSeparator() throws Exception {
    PostcodeTable table = PostcodeTable.load(
        write("t.csv", "\r\n\r\nstationCode;postcode;city\r\n16107;75116;Paris, 16e\r\n"));

    assertThat(table.find("16107", null)).map(PostcodeLocation::commune).contains("Paris, 16e");
  }

  @Test
  void acceptsExcelsTrailingSeparatorsOnHeaderAndRows() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("excel.csv", """
        stationCode;station_id;postcode;city;
        16107;213688169;75116;Paris;
        32017;2515829865;93200;Saint-Denis;;;
        9020;36255;75009;Paris
        """));

    assertThat(table.size()).isEqualTo(3);
    assertThat(table.find("32017", null)).map(PostcodeLocation::postcode).contains("93200");
    assertThat(table.find("9020", null)).map(PostcodeLocation::commune).contains("Paris");
  }

  @Test
  void spreadsheetNumbersLoseTheirDecimalPart() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("numbers.csv", """
        stationCode,station_id,postcode,city
        16107.0,213688169.0,75116.0,Paris
        9020,36255,"75009,00",Paris
        """));

    assertThat(table.find("16107", "x")).map(PostcodeLocation::postcode).contains("75116");
    assertThat(table.find("nope", "213688169")).map(PostcodeLocation::postcode).contains("75116");
    assertThat(table.find("9020", null)).map(PostcodeLocation::postcode).contains("75009");
    assertThat(table.warnings()).isEmpty();
  }

  @Test
  void fourDigitPostcodesGetTheirLeadingZeroBackInAFrenchLookingTable() throws Exception {
    Path file = write("fr.csv", """
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris
        32017,2515829865,93200,Saint-Denis
        9020,36255,75009,Paris
        1001,88001,1000,Bourg-en-Bresse
        6001,88002,6000.0,Nice
        """);

    PostcodeTable table = PostcodeTable.load(file);

    assertThat(table.find("1001", null))
        .contains(new PostcodeLocation("01000", "Bourg-en-Bresse", Source.TABLE));
    assertThat(table.find("6001", null)).map(PostcodeLocation::postcode).contains("06000");
    assertThat(table.restoredZeros())
        .extracting(PostcodeTable.SourceRow::line)
        .containsExactly(5, 6);
    assertThat(table.warnings())
        .singleElement()
        .asString()
        .contains("2 4-digit postcode(s) given back their leading zero")
        .contains(file + ":5 (station 1001, postcode '1000')")
        .contains(file + ":6 (station 6001, postcode '6000')");
  }

  @Test
  void fourDigitPostcodesStayAsTheyAreWhereMostPostcodesHaveFourDigits() throws Exception {
    // Brussels (Villo!) and Bern: 1000 and 3011 are real postcodes there.
    PostcodeTable table = PostcodeTable.load(write("be.csv", """
        stationCode,postcode,city
        1,1000,Bruxelles
        2,1050,Ixelles
        3,3011,Bern
        4,75116,Paris
        """));

    assertThat(table.find("1", null)).map(PostcodeLocation::postcode).contains("1000");
    assertThat(table.find("4", null)).map(PostcodeLocation::postcode).contains("75116");
    assertThat(table.restoredZeros()).isEmpty();
    assertThat(table.warnings()).isEmpty();
  }

  @Test
  void otherPostcodesThatAreNotFiveDigitsInAFrenchTableAreKeptWithOneWarning() throws Exception {
    Path file = write("odd.csv", """
        stationCode,postcode
        1,75001
        2,75002
        3,750030
        4,Paris
        """);

    PostcodeTable table = PostcodeTable.load(file);

    assertThat(table.find("3", null)).map(PostcodeLocation::postcode).contains("750030");
    assertThat(table.warnings())
        .singleElement()
        .asString()
        .contains(
            "2 postcode(s) not of 5 digits",
            file + ":4 (station 3, postcode '750030')",
            file + ":5 (station 4, postcode 'Paris')");
  }

  @Test
  void theCommuneIsTrimmedAndABlankOrNullCommuneIsNull() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("t.csv", """
        stationCode,postcode,city
        1,75001,"  Paris  "
        2,75002,
        3,75003,   \s
        4,75004,NULL
        """));

    assertThat(table.find("1", null))
        .contains(new PostcodeLocation("75001", "Paris", Source.TABLE));
    assertThat(table.find("2", null)).map(PostcodeLocation::commune).isEmpty();
    assertThat(table.find("3", null))
        .get()
        .extracting(PostcodeLocation::commune)
        .isNull();
    assertThat(table.find("4", null))
        .get()
        .extracting(PostcodeLocation::commune)
        .isNull();
  }

  @Test
  void communeOfGivesTheTablesCommuneOnlyWhenItsPostcodeIsTheFeeds() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("t.csv", """
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris
        32017,2515829865,93200,
        """));

    assertThat(table.communeOf("16107", "213688169", "75116")).contains("Paris");
    assertThat(table.communeOf(null, "213688169", " 75116 ")).contains("Paris");
    assertThat(table.communeOf("16107", null, "75016")).isEmpty();
    assertThat(table.communeOf("32017", null, "93200")).isEmpty();
    assertThat(table.communeOf("99999", "0", "75116")).isEmpty();
    assertThat(table.communeOf("16107", null, null)).isEmpty();
  }

  @Test
  void communeOfComparesWithTheRestoredPostcode() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("t.csv", """
        stationCode,postcode,city
        1,75001,Paris
        2,75002,Paris
        1001,1000,Bourg-en-Bresse
        """));

    assertThat(table.communeOf("1001", null, "01000")).contains("Bourg-en-Bresse");
  }

  @Test
  void aNonUtf8FileIsRejectedAtTheLineOfItsFirstBadByteWithHowToFixIt() throws Exception {
    // Excel's plain "CSV" on a French system writes Windows-1252: é is the single byte 0xE9.
    // Reading it as Windows-1252 anyway used to work for that case and silently garble the rest.
    Path file = dir.resolve("excel.csv");
    Files.write(
        file,
        "stationCode;postcode;city\r\n16107;75116;Paris\r\n44015;94000;Créteil\r\n"
            .getBytes(Charset.forName("windows-1252")));

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessageStartingWith(file + ":3: not UTF-8 (byte 0xE9")
        .hasMessageContaining("re-save it as \"CSV UTF-8\"")
        .satisfies(e -> assertThat(((PostcodeTableException) e).line()).isEqualTo(3));
  }

  @Test
  void utf16AndWorkbooksAreRejectedSayingWhatTheyAre() throws Exception {
    // Excel's "Unicode text": UTF-16 little-endian after the byte-order mark FF FE.
    byte[] text = "stationCode\tpostcode\n1\t75001\n".getBytes(StandardCharsets.UTF_16LE);
    Path utf16 = Files.write(
        dir.resolve("unicode.txt"), concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text));
    Path xlsx = dir.resolve("stations.xlsx");
    Files.write(xlsx, new byte[] {0x50, 0x4B, 0x03, 0x04, 0x14, 0x00});

    assertThatThrownBy(() -> PostcodeTable.load(utf16))
        .hasMessageContaining("unicode.txt:1: the file is UTF-16")
        .hasMessageContaining("\"CSV UTF-8\"");
    assertThatThrownBy(() -> PostcodeTable.load(xlsx))
        .hasMessageContaining("stations.xlsx:1: this is a zip file")
        .hasMessageContaining("\"CSV UTF-8\"");
  }

  @Test
  void looksUpByStationCodeFirstThenByStationId() throws Exception {
    PostcodeTable table = PostcodeTable.load(write("t.csv", """
        stationCode,station_id,postcode,city
        A1,ID-1,75001,Paris
        A2,ID-2,75002,Paris
        """));

    assertThat(table.find("A2", "ID-1")).map(PostcodeLocation::postcode).contains("75002");
    assertThat(table.find("unknown-code", "ID-1"))
        .map(PostcodeLocation::postcode)
        .contains("75001");
    assertThat(table.find(null, "ID-2")).map(PostcodeLocation::postcode).contains("75002");
    assertThat(table.find("nope", "nope")).isEmpty();
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
        .hasMessage(file + ":3: 2 field(s) where the header (line 1) has 4; every row needs the"
            + " header's ','-separated columns, even empty")
        .satisfies(e -> assertThat(((PostcodeTableException) e).line()).isEqualTo(3));
  }

  @Test
  void aRowWithMoreFieldsThanTheHeaderIsAnErrorSuggestingQuotes() throws Exception {
    // "Paris, 16e" unquoted: a reader that went on would be fine here, but the same slip in an
    // earlier column would shift the postcode column.
    Path file = write("long.csv", """
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris, 16e
        """);

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessage(file + ":2: 5 fields where the header (line 1) has 4; a value containing ','"
            + " must be in double quotes");
  }

  @Test
  void lineNumbersCountLineBreaksInsideQuotedFields() throws Exception {
    Path file = write(
        "multiline.csv",
        "stationCode,postcode,city\n"
            + "1,75001,\"Paris\ncentre\"\n"
            + "2,,Paris\n"
            + "3,75003,Paris,x\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .hasMessageStartingWith(file + ":5: 4 fields");
    PostcodeTable table = PostcodeTable.parse(
        "stationCode,postcode,city\n" + "1,75001,\"Paris\ncentre\"\n" + "2,,Paris\n", file);
    assertThat(table.blankRows())
        .singleElement()
        .satisfies(row -> assertThat(row.line()).isEqualTo(4));
  }

  @Test
  void aFileWithoutHeaderIsRejectedSayingSo() throws Exception {
    Path file = write("noheader.csv", "16107,213688169,75116,Paris\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessageContaining("noheader.csv:1: no header: this line looks like data")
        .hasMessageContaining("e.g. stationCode,station_id,postcode,city");
  }

  @Test
  void aHeaderWithoutTheNeededColumnsIsRejectedNamingThem() throws Exception {
    Path file = write("columns.csv", "\nstation;name;address\n16107;Victor Hugo;75116 Paris\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .isInstanceOf(PostcodeTableException.class)
        .hasMessage(file + ":2: header [station, name, address] lacks a postcode column and a"
            + " stationCode or station_id column; the first line must name the columns, e.g."
            + " stationCode,station_id,postcode,city");
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
    Path file = write("noid.csv", "stationCode,station_id,postcode\n,NULL,75001\n");

    assertThatThrownBy(() -> PostcodeTable.load(file))
        .hasMessageContaining("noid.csv:2: neither stationCode nor station_id");
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

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = new byte[a.length + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
