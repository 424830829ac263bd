package io.citypulse.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ViewportTest {

  @Test
  void readsTheQueryParameters() {
    Viewport view = Viewport.parse("2.2, 48.8,2.5,48.9", "12", "velib");

    assertThat(view).isEqualTo(new Viewport(2.2, 48.8, 2.5, 48.9, 12, "velib"));
    assertThat(Viewport.parse("-180,-90,180,90", "0", "").system()).isNull();
    assertThat(Viewport.parse("-180,-90,180,90", "0", null).system()).isNull();
  }

  @Test
  void refusesWhatIsNotABoxOrAZoomWithAMessageForTheCaller() {
    assertMessage(
        null, "3", "bbox is required for a map view: bbox=west,south,east,north (degrees)");
    assertMessage("1,2,3,4", null, "zoom is required for a map view: zoom=0..22");
    assertMessage("1,2,3", "3", "bbox must be west,south,east,north (four numbers), got \"1,2,3\"");
    assertMessage(
        "1,2,x,4", "3", "bbox must be west,south,east,north (four numbers), got \"1,2,x,4\"");
    assertMessage("1,2,NaN,4", "3", "bbox must be four finite numbers");
    assertMessage("1,2,3,4", "3.5", "zoom must be an integer from 0 to 22, got \"3.5\"");
    assertMessage("1,2,3,4", "23", "zoom must be an integer from 0 to 22");
    assertMessage("1,2,3,4", "-1", "zoom must be an integer from 0 to 22");
    assertMessage("-190,2,3,4", "3", "bbox longitudes must be within -180..180");
    assertMessage("1,-91,3,4", "3", "bbox latitudes must be within -90..90");
    assertMessage(
        "3,2,1,4",
        "3",
        "bbox west must be less than east (a box across longitude 180 is two boxes)");
    assertMessage("1,4,3,2", "3", "bbox south must be less than north");
  }

  @Test
  void projectsAsWebMapsDo() {
    assertThat(WebMercator.x(-180)).isZero();
    assertThat(WebMercator.x(180)).isEqualTo(1.0);
    assertThat(WebMercator.y(0)).isCloseTo(0.5, within(1e-12));
    assertThat(WebMercator.y(90)).isCloseTo(0, within(1e-9));
    assertThat(WebMercator.lat(WebMercator.y(48.86))).isCloseTo(48.86, within(1e-9));
    assertThat(WebMercator.lon(WebMercator.x(2.35))).isCloseTo(2.35, within(1e-9));
    // Paris, Notre-Dame, is in OpenStreetMap's tile 12/2074/1409.
    assertThat(WebMercator.cell(12, WebMercator.x(2.3499))).isEqualTo(2074);
    assertThat(WebMercator.cell(12, WebMercator.y(48.8530))).isEqualTo(1409);
    long id = WebMercator.cellId(12, 2074, 1409);
    assertThat(WebMercator.level(id)).isEqualTo(12);
    assertThat(WebMercator.column(id)).isEqualTo(2074);
    assertThat(WebMercator.row(id)).isEqualTo(1409);
    assertThat(WebMercator.cell(0, 1.0)).as("the east edge is in the last cell").isZero();
  }

  private static void assertMessage(String bbox, String zoom, String message) {
    assertThatThrownBy(() -> Viewport.parse(bbox, zoom, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
