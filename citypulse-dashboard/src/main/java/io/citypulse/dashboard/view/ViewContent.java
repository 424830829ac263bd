package io.citypulse.dashboard.view;

import java.util.List;

/**
 * What the index answers for a {@link Viewport}: the keys of the stations in it when there are at
 * most the index's threshold, else the clusters of the cells of {@code level} that meet it.
 *
 * @param stationsInView stations in the box (of the view's system)
 * @param level the cell level clusters are made of (also given with stations, for the page)
 */
public record ViewContent(
    int stationsInView, int level, List<String> stationKeys, List<Cluster> clusters) {

  public boolean clustered() {
    return clusters != null;
  }
}
