package io.citypulse.sources.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.citypulse.sources.catalogue.UnusableRow.Reason;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue reader on small invented catalogues reproducing the real file's quirks (BOM, CRLF,
 * multi-version cells, authentication rows, quoted commas, a duplicated id, blank optional cells).
 */
class SystemsCatalogueTest {

  private static final String HEADER =
      "Country Code,Name,Location,System ID,URL,Auto-Discovery URL,"
          + "Supported Versions,Authentication Info URL,Authentication Type,Authentication Parameter Name";

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SystemsCatalogueTest.class.getResource("/catalogue/" + name).toURI());
  }

  private static SystemsCatalogue quirks() throws URISyntaxException {
    return SystemsCatalogue.read(resource("systems-quirks.csv"));
  }

  @Test
  void everyRowIsReadSetAsideOrReportedAndNoneIsLost() throws Exception {
    SystemsCatalogue catalogue = quirks();

    assertThat(catalogue.rows()).isEqualTo(13);
    assertThat(catalogue.systems())
        .extracting(GbfsSystem::systemId)
        .containsExactly(
            "velo_bleu_test",
            "prairie_bikes",
            "bsc-gent",
            "7f0c9a62-1b7e-5d2a-9c4e-3a1f2b8d6e01",
            "fjord sykkel-bodø");
    assertThat(catalogue.needsAuthentication())
        .extracting(GbfsSystem::systemId)
        .containsExactly("alpine_share", "stadtrad_test");
    assertThat(catalogue.unusable())
        .extracting(UnusableRow::line, UnusableRow::reason)
        .containsExactly(
            tuple(8, Reason.DUPLICATE_SYSTEM_ID),
            tuple(9, Reason.BAD_AUTO_DISCOVERY_URL),
            tuple(10, Reason.MISSING_SYSTEM_ID),
            tuple(11, Reason.FIELD_COUNT),
            tuple(13, Reason.MISSING_AUTO_DISCOVERY_URL),
            tuple(14, Reason.BAD_AUTO_DISCOVERY_URL));
    assertThat(catalogue.summary())
        .endsWith(": 13 rows, 5 systems to poll, 2 skipped (need authentication), 6 unusable"
            + " (1 field count, 1 missing system id, 1 missing auto discovery url,"
            + " 2 bad auto discovery url, 1 duplicate system id)");
  }

  @Test
  void aSystemCarriesItsCellsTrimmedWithTheBomGoneAndTheCountryUpperCased() throws Exception {
    GbfsSystem first = quirks().systems().get(0);

    assertThat(first)
        .isEqualTo(new GbfsSystem(
            2,
            "velo_bleu_test",
            "Vélo Bleu Test",
            "FR",
            "Testville",
            URI.create("https://gbfs.example.org/velo_bleu_test/gbfs.json"),
            List.of("1.1", "2.3", "3.0"),
            GbfsSystem.Authentication.NONE));
    assertThat(quirks().systems().get(2).countryCode()).isEqualTo("BE");
  }

  @Test
  void quotedCommasStayInTheirFieldAndVersionsSplitWithOrWithoutSpaces() throws Exception {
    List<GbfsSystem> systems = quirks().systems();

    assertThat(systems.get(1).location()).isEqualTo("Springfield, IL");
    assertThat(systems.get(1).supportedVersions()).containsExactly("2.2", "3.0");
    assertThat(systems.get(2).name()).isEqualTo("Bikes, Scooters & Co");
    assertThat(systems.get(2).supportedVersions()).containsExactly("2.2", "1.0");
    assertThat(systems.get(2).newestVersion()).contains("2.2");
    assertThat(systems.get(2).autoDiscovery())
        .hasToString("https://api.example.net/gbfs/v2/bsc-gent/gbfs");
  }

  @Test
  void blankOptionalCellsGiveEmptyValuesNotARejection() throws Exception {
    GbfsSystem blank = quirks().systems().get(3);

    assertThat(blank.location()).isEmpty();
    assertThat(blank.supportedVersions()).isEmpty();
    assertThat(blank.newestVersion()).isEmpty();
    assertThat(blank.needsAuthentication()).isFalse();
  }

  @Test
  void idsKeepTheirCaseSpacesAndAccentsAndPlainHttpWithAQueryIsAccepted() throws Exception {
    GbfsSystem fjord = quirks().systems().get(4);

    assertThat(fjord.systemId()).isEqualTo("fjord sykkel-bodø");
    assertThat(fjord.autoDiscovery().getScheme()).isEqualTo("http");
    assertThat(fjord.autoDiscovery().getQuery()).isEqualTo("lang=nb");
  }

  @Test
  void systemsThatNeedCredentialsAreSetAsideWithTheirTypeAndParameters() throws Exception {
    List<GbfsSystem> skipped = quirks().needsAuthentication();

    assertThat(skipped.get(0).authentication())
        .isEqualTo(new GbfsSystem.Authentication(
            "2", List.of("Authorization"), "https://docs.example.ch/access"));
    assertThat(skipped.get(1).authentication().parameterNames())
        .containsExactly("X-Client-Id", "X-Api-Key");
    assertThat(skipped.get(1).authentication())
        .hasToString("type 2, parameters X-Client-Id|X-Api-Key, see https://developer.example.de/");
  }

  @Test
  void eachUnusableRowSaysWhatIsWrongWithIt() throws Exception {
    List<String> messages =
        quirks().unusable().stream().map(UnusableRow::toString).toList();

    assertThat(messages)
        .containsExactly(
            "line 8 (7f0c9a62-1b7e-5d2a-9c4e-3a1f2b8d6e01): System ID"
                + " '7f0c9a62-1b7e-5d2a-9c4e-3a1f2b8d6e01' is also on line 6, which is kept;"
                + " records are keyed by the id, so one id cannot name two systems",
            "line 9 (ferry_bikes): Auto-Discovery URL 'ftp://ferry.example.nl/gbfs.json' has the"
                + " scheme 'ftp': expected http or https",
            "line 10: no System ID",
            "line 11: 11 fields where the header has 10 (an unquoted comma in a name or"
                + " location?)",
            "line 13 (rower_test): no Auto-Discovery URL",
            "line 14 (rower_drugi): Auto-Discovery URL 'gbfs/rower_drugi/gbfs.json' is not"
                + " absolute: expected http:// or https://");
  }

  @Test
  void columnsAreFoundByNameInAnyOrderWithExtraColumnsAndNoAuthenticationColumns()
      throws Exception {
    SystemsCatalogue catalogue = SystemsCatalogue.read(resource("systems-reordered.csv"));

    assertThat(catalogue.systems())
        .extracting(GbfsSystem::systemId, GbfsSystem::name, GbfsSystem::countryCode)
        .containsExactly(
            tuple("lakeside_bikes", "Lakeside Bikes", "US"),
            tuple("harbour_bikes", "Harbour Bikes", "GB"));
    assertThat(catalogue.systems().get(0).autoDiscovery())
        .isEqualTo(URI.create("https://lakeside.example.com/gbfs.json"));
    assertThat(catalogue.systems().get(0).location()).isEmpty();
    assertThat(catalogue.needsAuthentication()).isEmpty();
    assertThat(catalogue.unusable()).isEmpty();
  }

  @Test
  void aFileThatIsNotACatalogueIsRefusedNamingTheFileAndTheMissingColumns() throws Exception {
    Path file = resource("not-a-catalogue.csv");

    assertThatThrownBy(() -> SystemsCatalogue.read(file))
        .isInstanceOf(CatalogueException.class)
        .hasMessageStartingWith(file + ":1: not a GBFS systems catalogue: missing the column(s)"
            + " Country Code, Name, System ID, Auto-Discovery URL (header found:"
            + " stationCode,station_id,postcode,city;");
  }

  @Test
  void onlyTheMissingColumnsAreNamed() {
    assertThatThrownBy(() -> SystemsCatalogue.parse(
            "Country Code,Name,System ID,URL\nFR,A,a,https://a.example/\n", "mine.csv"))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("mine.csv:1: not a GBFS systems catalogue: missing the column(s)"
            + " Auto-Discovery URL (header found");
  }

  @Test
  void emptyUnterminatedAndNonUtf8FilesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> SystemsCatalogue.parse("\uFEFF\r\n\r\n", "empty.csv"))
        .isInstanceOf(CatalogueException.class)
        .hasMessageStartingWith("empty.csv: empty file");
    assertThatThrownBy(() -> SystemsCatalogue.parse(
            HEADER
                + "\nFR,\"Open,Paris,open,https://o.example/,https://o.example/gbfs.json,3.0,,,\n",
            "open.csv"))
        .isInstanceOf(CatalogueException.class)
        .hasMessage("open.csv:2: unterminated quoted field")
        .extracting(e -> ((CatalogueException) e).line())
        .isEqualTo(2);
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(
        latin1,
        (HEADER + "\nFR,Vélo,Paris,v,https://v.example/,https://v.example/gbfs.json,3.0,,,\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> SystemsCatalogue.read(latin1))
        .isInstanceOf(CatalogueException.class)
        .hasMessage(latin1 + ": not UTF-8 text: a systems catalogue is a UTF-8 CSV file");
    assertThatThrownBy(() -> SystemsCatalogue.read(dir.resolve("absent.csv")))
        .isInstanceOf(CatalogueException.class)
        .hasMessageStartingWith(dir.resolve("absent.csv") + ": cannot read the systems catalogue");
  }

  @Test
  void aRequiredColumnGivenTwiceIsAmbiguous() {
    assertThatThrownBy(() -> SystemsCatalogue.parse(
            "Country Code,Name,System ID,Auto-Discovery URL,system_id\n", "twice.csv"))
        .isInstanceOf(CatalogueException.class)
        .hasMessage("twice.csv:1: the column 'system_id' appears twice (columns 3 and 5): which"
            + " one to read is ambiguous");
  }

  @Test
  void aReaderIsReadLikeAFileAndItsBomIsDropped() {
    SystemsCatalogue catalogue = SystemsCatalogue.read(
        new StringReader("\uFEFF" + HEADER
            + "\nIT,Bici,Roma,bici_roma,,https://bici.example.it/gbfs.json,2.3,,,\n"),
        "stdin");

    assertThat(catalogue.systems()).extracting(GbfsSystem::systemId).containsExactly("bici_roma");
    assertThat(catalogue.source()).isEqualTo("stdin");
  }

  @Test
  void trailingEmptyFieldsFromASpreadsheetAreNotAFieldCountProblemButAShortRowIs() {
    SystemsCatalogue catalogue = SystemsCatalogue.parse(
        HEADER + ",\n"
            + "IT,Bici,Roma,bici_roma,,https://bici.example.it/gbfs.json,2.3,,,,\n"
            + "IT,Corta,Roma,corta,,https://corta.example.it/gbfs.json,2.3\n",
        "excel.csv");

    assertThat(catalogue.systems()).extracting(GbfsSystem::systemId).containsExactly("bici_roma");
    assertThat(catalogue.unusable())
        .singleElement()
        .hasToString(
            "line 3: 7 fields where the header has 11 (a field or a separator is" + " missing)");
  }

  @Test
  void urlsThatAreNotUsableHttpUrlsAreRejectedWithTheReason() {
    assertThat(reasonFor("https://bad host.example/gbfs.json")).startsWith("is not a URL: ");
    assertThat(reasonFor("mailto:gbfs@example.org"))
        .isEqualTo("has the scheme 'mailto': expected http or https");
    assertThat(reasonFor("https:///gbfs.json")).isEqualTo("has no host name");
    assertThat(reasonFor("https://bad_host.example/gbfs.json"))
        .isEqualTo("has no usable host name in 'bad_host.example'");
    assertThat(SystemsCatalogue.httpUri("HTTPS://gbfs.example.org:8443/x/gbfs.json?key=1"))
        .hasPort(8443);
  }

  private static String reasonFor(String url) {
    try {
      SystemsCatalogue.httpUri(url);
      return "accepted";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Test
  void theCountsMustAddUp() {
    assertThatThrownBy(() -> new SystemsCatalogue("x", 1, List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 rows but 0 systems, 0 needing authentication and 0 unusable");
  }

  @Test
  void theNewestVersionComparesNumbersNotTextAndIgnoresWords() {
    assertThat(withVersions("2.9", "2.10", "beta").newestVersion()).contains("2.10");
    assertThat(withVersions("1.1", "3.0", "2.3").newestVersion()).contains("3.0");
    assertThat(withVersions("beta").newestVersion()).isEmpty();
  }

  private static GbfsSystem withVersions(String... versions) {
    return new GbfsSystem(
        2,
        "s",
        "S",
        "FR",
        "",
        URI.create("https://s.example/gbfs.json"),
        List.of(versions),
        GbfsSystem.Authentication.NONE);
  }
}
