package io.citypulse.sources.gbfs;

import static io.citypulse.sources.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GbfsDiscoveryTest {

  @Test
  void velibDiscoveryListsItsFeeds() throws Exception {
    GbfsDiscovery discovery = GbfsDiscovery.parse(
        bytes("gbfs/velib/gbfs.json"),
        URI.create("https://velib.example/opendata/Velib_Metropole/gbfs.json"),
        "fr");

    assertThat(discovery.version()).isEqualTo("1.0");
    assertThat(discovery.language()).as("no fr list: English").isEqualTo("en");
    assertThat(discovery.direct()).isFalse();
    assertThat(discovery.stationStatus())
        .isEqualTo(
            URI.create("https://velib.example/opendata/Velib_Metropole/station_status.json"));
    assertThat(discovery.stationInformation()).isPresent();
    assertThat(discovery.vehicleTypes()).isEmpty();
  }

  @Test
  void gbfs1xResolvesRelativeUrlsAndFallsBackToEnglish() throws Exception {
    GbfsDiscovery discovery = GbfsDiscovery.parse(
        bytes("gbfs/v1/gbfs.json"), URI.create("http://127.0.0.1:8080/nyc/gbfs.json"), "es");

    assertThat(discovery.language()).isEqualTo("en");
    assertThat(discovery.stationStatus())
        .isEqualTo(URI.create("http://127.0.0.1:8080/nyc/station_status.json"));
    assertThat(discovery.stationInformation())
        .contains(URI.create("http://127.0.0.1:8080/nyc/station_information.json"));
  }

  @Test
  void gbfs2xPicksThePreferredLanguage() throws Exception {
    GbfsDiscovery discovery = GbfsDiscovery.parse(
        bytes("gbfs/v2/gbfs.json"), URI.create("https://v2.example/gbfs/gbfs.json"), "fr-FR");

    assertThat(discovery.version()).isEqualTo("2.3");
    assertThat(discovery.language()).isEqualTo("fr");
    assertThat(discovery.stationStatus())
        .isEqualTo(URI.create("https://v2.example/gbfs/fr/station_status.json"));
    assertThat(discovery.vehicleTypes())
        .contains(URI.create("https://v2.example/gbfs/fr/vehicle_types.json"));
  }

  @Test
  void gbfs30HasOneFeedList() throws Exception {
    GbfsDiscovery discovery = GbfsDiscovery.parse(
        bytes("gbfs/v3/gbfs.json"), URI.create("https://v3.example/gbfs/manifest"), "fr");

    assertThat(discovery.version()).isEqualTo("3.0");
    assertThat(discovery.language()).isNull();
    assertThat(discovery.feeds())
        .containsOnlyKeys(
            "system_information", "station_information", "station_status", "vehicle_types");
    assertThat(discovery.stationStatus())
        .isEqualTo(URI.create("https://v3.example/gbfs/station_status"));
  }

  @Test
  void aStationStatusUrlIsAcceptedAsDiscovery() throws Exception {
    URI url =
        URI.create("https://velib.example/opendata/Velib_Metropole/station_status.json?key=1");
    GbfsDiscovery discovery =
        GbfsDiscovery.parse(bytes("gbfs/velib/station_status.json"), url, "fr");

    assertThat(discovery.direct()).isTrue();
    assertThat(discovery.stationStatus()).isEqualTo(url);
    assertThat(discovery.stationInformation())
        .contains(URI.create(
            "https://velib.example/opendata/Velib_Metropole/station_information.json?key=1"));
    assertThat(discovery.vehicleTypes())
        .contains(
            URI.create("https://velib.example/opendata/Velib_Metropole/vehicle_types.json?key=1"));
  }

  @Test
  void aFileStationStatusUrlIsAcceptedToo() throws Exception {
    URI url = URI.create("file:///var/feeds/paris/station_status.json");
    GbfsDiscovery discovery = GbfsDiscovery.parse(bytes("gbfs/v1/station_status.json"), url, "fr");

    assertThat(discovery.stationInformation())
        .contains(URI.create("file:///var/feeds/paris/station_information.json"));
  }

  @Test
  void aStationInformationUrlIsRefusedWithAHint() {
    assertThatThrownBy(() -> GbfsDiscovery.parse(
            bytes("gbfs/velib/station_information.json"),
            URI.create("https://velib.example/station_information.json"),
            "fr"))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("this is a station_information feed; give the gbfs.json");
  }

  @Test
  void aDiscoveryWithoutStationStatusIsRefused() {
    byte[] body = """
        {"data": {"en": {"feeds": [{"name": "free_bike_status", "url": "free_bike_status.json"}]}}}""".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> GbfsDiscovery.parse(body, URI.create("http://x/gbfs.json"), "en"))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("gbfs: lists no station_status feed (feeds: [free_bike_status])");
  }

  @Test
  void somethingElseEntirelyIsRefused() {
    byte[] body = "{\"error\": \"not found\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> GbfsDiscovery.parse(body, URI.create("http://x/gbfs.json"), "en"))
        .isInstanceOf(FeedParseException.class)
        .hasMessageStartingWith("gbfs: no 'data' object");
  }
}
