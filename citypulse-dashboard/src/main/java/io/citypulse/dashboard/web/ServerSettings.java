package io.citypulse.dashboard.web;

/** Where the dashboard listens; loopback by default so a laptop run is not exposed to the network. */
public record ServerSettings(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT);
  }

  public ServerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("dashboard host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("dashboard port must be 0..65535 (0 = any free port), got " + port);
    }
  }
}
