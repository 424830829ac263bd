package io.citypulse.dashboard.web;

/**
 * Where the dashboard listens (loopback by default so a laptop run is not exposed to the network)
 * and the map tile URL template the page loads its background from (empty: no tiles, markers on a
 * plain background).
 */
public record ServerSettings(String host, int port, String tileUrl) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  /** OpenStreetMap's standard tiles; Leaflet fills in {z}/{x}/{y}. */
  public static final String DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TILE_URL);
  }

  /** Host and port with the default tile URL. */
  public ServerSettings(String host, int port) {
    this(host, port, DEFAULT_TILE_URL);
  }

  public ServerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("dashboard host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "dashboard port must be 0..65535 (0 = any free port), got " + port);
    }
    tileUrl = tileUrl == null ? "" : tileUrl.strip();
    if (!tileUrl.isEmpty() && !(tileUrl.startsWith("https://") || tileUrl.startsWith("http://"))) {
      throw new IllegalArgumentException(
          "dashboard tile URL must start with http:// or https:// (or be empty"
              + " for no tiles), got " + tileUrl);
    }
    // The page's Content-Security-Policy names the tile host: refuse a host it cannot name here,
    // where a configuration error is reported, rather than when the server is built.
    SecurityHeaders.tileSource(tileUrl);
  }

  /** Same host and port, another tile URL template. */
  public ServerSettings withTileUrl(String url) {
    return new ServerSettings(host, port, url);
  }
}
