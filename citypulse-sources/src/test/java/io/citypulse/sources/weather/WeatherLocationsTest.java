package io.citypulse.sources.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeatherLocationsTest {

  @Test
  void aNameAloneHasNoCoordinates() {
    assertThat(WeatherLocations.parse(" Paris "))
        .isEqualTo(new WeatherLocation("paris", "Paris", null, null, null));
  }

  @Test
  void aNameWithACountry() {
    assertThat(WeatherLocations.parse("Paris,fr"))
        .isEqualTo(new WeatherLocation("paris", "Paris", "FR", null, null));
    assertThat(WeatherLocations.parse("New York, US"))
        .isEqualTo(new WeatherLocation("new-york", "New York", "US", null, null));
  }

  @Test
  void coordinatesAloneAreTheirOwnKey() {
    assertThat(WeatherLocations.parse("48.85660, 2.3522"))
        .isEqualTo(new WeatherLocation("48.8566,2.3522", null, null, 48.8566, 2.3522));
    assertThat(WeatherLocations.parse("-33.9,+18.4").key()).isEqualTo("-33.9,18.4");
  }

  @Test
  void aNameAtCoordinates() {
    assertThat(WeatherLocations.parse("Thiès@14.7886,-16.926"))
        .isEqualTo(new WeatherLocation("thies", "Thiès", null, 14.7886, -16.926));
    assertThat(WeatherLocations.parse("Saint-Louis,SN@16.0326,-16.4818"))
        .isEqualTo(new WeatherLocation("saint-louis", "Saint-Louis", "SN", 16.0326, -16.4818));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Thiès|thies",
        "Saint-Louis|saint-louis",
        "Kédougou|kedougou",
        "Sédhiou|sedhiou",
        "New York|new-york",
        "São Paulo|sao-paulo",
        "Zürich|zurich",
        "Kraków|krakow",
        "Łódź|lodz",
        "Straße|strasse",
        "  Ho Chi Minh  |ho-chi-minh"
      })
  void keysAreLowercaseAsciiSlugs(String name, String key) {
    assertThat(WeatherLocations.slug(name)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "@",
        "Paris,France",
        "Paris,F1",
        "12.5",
        "91,0",
        "0,181",
        "Thiès@14.7",
        "Thiès@north,south",
        ",FR",
        "東京",
        "brief"
      })
  void garbageIsRejectedWithAClearMessage(String spec) {
    assertThatThrownBy(() -> WeatherLocations.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertThatThrownBy(() -> WeatherLocations.parse("Paris,France"))
        .hasMessageContaining("'France' is not a two-letter ISO 3166 country code");
    assertThatThrownBy(() -> WeatherLocations.parse("91,0"))
        .hasMessageContaining("latitude 91 is outside [-90, 90]");
    assertThatThrownBy(() -> WeatherLocations.parse("東京"))
        .hasMessageContaining("cannot make an ASCII key");
  }

  @Test
  void briefPresetIsTheFiveCitiesWithCoordinatesAndCountries() {
    List<WeatherLocation> brief = WeatherLocations.preset("BRIEF");

    assertThat(brief)
        .extracting(WeatherLocation::key)
        .containsExactly("paris", "london", "tokyo", "dakar", "new-york");
    assertThat(brief)
        .extracting(WeatherLocation::country)
        .containsExactly("FR", "GB", "JP", "SN", "US");
    assertThat(brief)
        .allSatisfy(location -> assertThat(location.hasCoordinates()).isTrue());
    assertThat(brief.get(1).lat()).isBetween(51.4, 51.6);
    assertThat(brief.get(1).lon()).isBetween(-0.2, 0.0);
    assertThat(brief.get(2).lon()).isBetween(139.5, 139.9);
    assertThat(brief.get(4).lon()).isBetween(-74.1, -73.9);
  }

  @Test
  void senegalPresetIsTheFourteenRegionalCapitalsInSenegal() {
    List<WeatherLocation> senegal = WeatherLocations.preset("senegal");

    assertThat(senegal)
        .extracting(WeatherLocation::key)
        .containsExactly(
            "dakar",
            "thies",
            "diourbel",
            "fatick",
            "kaolack",
            "kaffrine",
            "saint-louis",
            "louga",
            "matam",
            "tambacounda",
            "kedougou",
            "kolda",
            "sedhiou",
            "ziguinchor");
    assertThat(senegal).extracting(WeatherLocation::name).contains("Thiès", "Kédougou", "Sédhiou");
    // Senegal lies within 12.3-16.7 N and 11.3-17.6 W.
    assertThat(senegal).allSatisfy(location -> {
      assertThat(location.country()).isEqualTo("SN");
      assertThat(location.lat()).isBetween(12.3, 16.7);
      assertThat(location.lon()).isBetween(-17.6, -11.3);
    });
  }

  @Test
  void resolveExpandsPresetsAndKeepsACityTwoPresetsShare() {
    List<WeatherLocation> all = WeatherLocations.resolve(List.of("brief", "senegal", "Lyon,FR"));

    assertThat(all).hasSize(5 + 14 - 1 + 1);
    assertThat(all)
        .extracting(WeatherLocation::key)
        .startsWith("paris", "london", "tokyo", "dakar", "new-york", "thies")
        .endsWith("ziguinchor", "lyon")
        .doesNotHaveDuplicates();
    assertThat(WeatherLocations.resolve("brief; Thiès@14.79,-16.93 ;")).hasSize(6);
  }

  @Test
  void resolveRejectsRepeatedKeys() {
    assertThatThrownBy(() -> WeatherLocations.resolve(List.of("brief", "Paris,FR")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "location 'paris' is given twice (by 'preset brief' and by 'Paris,FR')");
    assertThatThrownBy(() -> WeatherLocations.resolve(List.of("Lyon", "lyon")))
        .hasMessageContaining("'lyon' is given twice");
    assertThatThrownBy(() -> WeatherLocations.resolve(List.of("Paris,FR", "Paris,US")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> WeatherLocations.resolve(List.of()))
        .hasMessageContaining("no weather location given");
    assertThatThrownBy(() -> WeatherLocations.resolve(List.of("brief", "Atlantis,XXX")))
        .hasMessageContaining("'XXX' is not a two-letter");
  }

  @Test
  void zonesAreExactForPresetsAndSingleZoneCountriesElseFromTheLongitude() {
    Instant summer = Instant.parse("2025-07-01T12:00:00Z");
    Instant winter = Instant.parse("2025-01-15T12:00:00Z");
    WeatherLocation paris = WeatherLocations.parse("Paris");
    WeatherLocation lyon = WeatherLocations.parse("Lyon,FR");
    WeatherLocation newYork = WeatherLocations.preset("brief").get(4);
    WeatherLocation madrid = WeatherLocations.parse("Madrid,ES@40.4168,-3.7038");

    assertThat(TimeZones.offsetSeconds(paris, null, summer)).isEqualTo(7200);
    assertThat(TimeZones.offsetSeconds(paris, null, winter)).isEqualTo(3600);
    assertThat(TimeZones.offsetSeconds(lyon, null, summer)).isEqualTo(7200);
    assertThat(TimeZones.offsetSeconds(newYork, null, summer)).isEqualTo(-14400);
    assertThat(TimeZones.offsetSeconds(newYork, null, winter)).isEqualTo(-18000);
    assertThat(TimeZones.offsetSeconds(WeatherLocations.parse("Kolda"), null, summer))
        .isZero();
    assertThat(TimeZones.offsetSeconds(madrid, null, summer))
        .as("approximate: nautical zone")
        .isZero();
    assertThat(TimeZones.offsetSeconds(WeatherLocations.parse("Paris,US"), null, summer))
        .as("not the French Paris, no coordinates")
        .isNull();
    assertThat(TimeZones.longitudeOffsetSeconds(139.65)).isEqualTo(9 * 3600);
  }
}
