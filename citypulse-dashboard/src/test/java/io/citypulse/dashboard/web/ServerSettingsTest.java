package io.citypulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  @Test
  void defaultsToLoopback8080AndRejectsBadValues() {
    assertThat(ServerSettings.defaults()).isEqualTo(new ServerSettings("127.0.0.1", 8080));
    assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 70000)).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> new ServerSettings(" ", 80)).hasMessageContaining("host");
  }
}
