package io.citypulse.dashboard.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The stations of one grid cell, drawn as one marker: at their centroid, with their count and
 * sums. Its {@code id} ({@code level/column/row}, the map tile of that cell) stays the same while
 * the page keeps its zoom, so an update replaces the marker of the same id.
 *
 * @param bbox the cell's {@code [west, south, east, north]}: zooming there splits the cluster
 */
public record Cluster(
    @JsonProperty("id") String id,
    @JsonProperty("lat") double lat,
    @JsonProperty("lon") double lon,
    @JsonProperty("stations") int stations,
    @JsonProperty("bikes_available") long bikesAvailable,
    @JsonProperty("docks_available") long docksAvailable,
    @JsonProperty("empty") int empty,
    @JsonProperty("full") int full,
    @JsonProperty("bbox") double[] bbox) {

  static String id(long cellId) {
    return WebMercator.level(cellId) + "/" + WebMercator.column(cellId) + "/"
        + WebMercator.row(cellId);
  }
}
