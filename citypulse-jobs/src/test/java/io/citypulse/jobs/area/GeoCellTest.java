package io.citypulse.jobs.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * H3 cells of known points. Every expected address was computed independently with h3-js 4.5.0
 * (the JavaScript build of the H3 C library, a later release than the jar's); the San Francisco
 * one at resolution 9 is also the example of H3's own documentation.
 */
class GeoCellTest {

  @ParameterizedTest(name = "{0}, {1} at {2}: {3}")
  @CsvSource({
    "37.775938728915946, -122.41795063018799, 9, 8928308280fffff",
    "37.775938728915946, -122.41795063018799, 0, 8029fffffffffff",
    "37.775938728915946, -122.41795063018799, 15, 8f28308280f18f2",
    "48.8566, 2.3522, 8, 881fb46625fffff",
    "48.8566, 2.3522, 5, 851fb467fffffff",
    "57.64911, 10.40744, 8, 881f24ac55fffff",
    "-33.8568, 151.2153, 8, 88be0e35c1fffff",
    "40.6892, -74.0445, 8, 882a1072b5fffff",
  })
  void knownPointsFallInTheirPublishedCells(double lat, double lon, int resolution, String cell) {
    assertThat(GeoCell.of(lat, lon, resolution)).isEqualTo(cell);
    assertThat(GeoCell.resolution(cell)).isEqualTo(resolution);
    assertThat(GeoCell.isCell(cell)).isTrue();
  }

  @Test
  void thePolesHaveCells() {
    assertThat(GeoCell.of(90, 0, 8)).isEqualTo("880326233bfffff");
    assertThat(GeoCell.of(-90, 0, 8)).isEqualTo("88f29380e1fffff");
  }

  @Test
  void bothSidesOfTheAntimeridianAreOnePlace() {
    assertThat(GeoCell.of(0, 180, 8)).isEqualTo("887eb57221fffff");
    assertThat(GeoCell.of(0, -180, 8)).isEqualTo("887eb57221fffff");
  }

  @Test
  void aCellsCentreLiesInTheCell() {
    String cell = GeoCell.of(48.8566, 2.3522, 8);
    double[] centre = GeoCell.centre(cell);

    assertThat(GeoCell.of(centre[0], centre[1], 8)).isEqualTo(cell);
    assertThat(centre[0]).isCloseTo(48.8566, offset(0.01));
    assertThat(centre[1]).isCloseTo(2.3522, offset(0.01));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "90.0001 | 0 | latitude 90.0001 is not a latitude: expected degrees in [-90, 90]",
        "-91 | 0 | latitude -91.0 is not a latitude: expected degrees in [-90, 90]",
        "NaN | 0 | latitude NaN is not a latitude: expected degrees in [-90, 90]",
        "Infinity | 0 | latitude Infinity is not a latitude: expected degrees in [-90, 90]",
        "0 | 180.5 | longitude 180.5 is not a longitude: expected degrees in [-180, 180]",
        "0 | -200 | longitude -200.0 is not a longitude: expected degrees in [-180, 180]",
        "0 | NaN | longitude NaN is not a longitude: expected degrees in [-180, 180]",
        "0 | -Infinity | longitude -Infinity is not a longitude: expected degrees in [-180, 180]",
      })
  void coordinatesOutOfRangeOrNotFiniteAreRefusedSayingWhich(
      double lat, double lon, String message) {
    assertThatThrownBy(() -> GeoCell.of(lat, lon, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void resolutionsOutsideZeroToFifteenAreRefused() {
    assertThatThrownBy(() -> GeoCell.of(0, 0, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cell resolution 16 is out of range: H3 resolutions go from 0 (continents) to"
            + " 15 (about 1 m²)");
    assertThatThrownBy(() -> GeoCell.of(0, 0, -1))
        .hasMessageStartingWith("cell resolution -1 is out of range");
  }

  @Test
  void whatIsNotACellIsSaidSo() {
    assertThat(GeoCell.isCell("75001")).isFalse();
    assertThat(GeoCell.isCell(null)).isFalse();
    assertThat(GeoCell.isCell("881fb46625ffff0")).isFalse();
    assertThat(GeoCell.isCell("881fb46625fffff0")).isFalse();
    assertThat(GeoCell.isCell("881fb46625fffff00")).isFalse();
    assertThat(GeoCell.isCell("")).isFalse();
    assertThatThrownBy(() -> GeoCell.resolution("75001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'75001' is not an H3 cell address");
    assertThatThrownBy(() -> GeoCell.centre("nope")).hasMessage("'nope' is not an H3 cell address");
  }
}
