package io.citypulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  @Test
  void defaultsToLoopback8080AndRejectsBadValues() {
    assertThat(ServerSettings.defaults()).isEqualTo(new ServerSettings("127.0.0.1", 8080));
    assertThat(ServerSettings.defaults().tileUrl())
        .isEqualTo("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 70000))
        .hasMessageContaining("0..65535");
    assertThatThrownBy(() -> new ServerSettings(" ", 80)).hasMessageContaining("host");
  }

  @Test
  void tileUrlIsAnHttpTemplateOrEmptyForNoTiles() {
    assertThat(new ServerSettings("127.0.0.1", 0, null).tileUrl()).isEmpty();
    assertThat(new ServerSettings("127.0.0.1", 0, " http://tiles.local/{z}/{x}/{y}.png ").tileUrl())
        .isEqualTo("http://tiles.local/{z}/{x}/{y}.png");
    assertThat(ServerSettings.defaults().withTileUrl("").tileUrl()).isEmpty();
    assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 0, "javascript:alert(1)"))
        .hasMessageContaining("http://");
    // The Content-Security-Policy names the tile host: a host it cannot name is a setting error.
    assertThatThrownBy(
            () -> new ServerSettings("127.0.0.1", 0, "https://tiles.{s}.org/{z}/{x}/{y}.png"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Content-Security-Policy");
  }
}
