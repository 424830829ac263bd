package io.citypulse.sources.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GbfsSettingsTest {
  private final GbfsSettings settings = GbfsSettings.defaults(GbfsSettings.VELIB_URL, "velib")
      .withIntervals(Duration.ofSeconds(10), Duration.ofSeconds(60));

  @Test
  void statusIntervalIsTheTtlClampedToTheIntervals() {
    assertThat(settings.statusInterval(0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.statusInterval(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.statusInterval(30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.statusInterval(3600)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void informationIntervalHasItsOwnBounds() {
    assertThat(settings.informationInterval(0)).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.informationInterval(3600)).isEqualTo(Duration.ofHours(1));
    assertThat(settings.informationInterval(86400)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void invalidSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> settings.withIntervals(Duration.ofSeconds(61), Duration.ofSeconds(60)))
        .hasMessageContaining("min interval (PT1M1S) must not exceed max interval (PT1M)");
    assertThatThrownBy(() -> settings.withTimeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> GbfsSettings.defaults(URI.create("ftp://x/gbfs.json"), "velib"))
        .hasMessageContaining("http, https or file");
    assertThatThrownBy(() -> GbfsSettings.defaults(GbfsSettings.VELIB_URL, "ve:lib"))
        .hasMessageContaining("without ':'");
  }

  @Test
  void blankLanguageMeansTheDefault() {
    assertThat(settings.withLanguage(" ").language()).isEqualTo("fr");
  }
}
