package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.dashboard.view.Cluster;
import io.citypulse.dashboard.view.ViewContent;
import io.citypulse.dashboard.view.Viewport;
import java.util.List;

/**
 * The answer to {@code /api/stations?bbox=...&zoom=...}: the stations of the view ({@code mode}
 * {@value #STATIONS}) or, when it holds more than the threshold, its clusters ({@value
 * #CLUSTERS}); the other list is empty.
 *
 * @param level the grid level clusters are made of at this zoom (cell ids start with it)
 * @param stationsInView how many stations (of the system, if one is chosen) are in the box
 */
public record StationsInView(
    @JsonProperty("mode") String mode,
    @JsonProperty("zoom") int zoom,
    @JsonProperty("level") int level,
    @JsonProperty("system") String system,
    @JsonProperty("stations_in_view") int stationsInView,
    @JsonProperty("stations") List<StationView> stations,
    @JsonProperty("clusters") List<Cluster> clusters) {
  public static final String STATIONS = "stations";
  public static final String CLUSTERS = "clusters";

  static StationsInView of(Viewport view, ViewContent content, List<StationView> stations) {
    return new StationsInView(
        content.clustered() ? CLUSTERS : STATIONS,
        view.zoom(),
        content.level(),
        view.system(),
        content.stationsInView(),
        stations,
        content.clustered() ? content.clusters() : List.of());
  }

  public boolean clustered() {
    return CLUSTERS.equals(mode);
  }
}
