package io.citypulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

  @Test
  void thePolicyAllowsOnlyTheDashboardAndTheTileHost() {
    assertThat(SecurityHeaders.contentSecurityPolicy(ServerSettings.DEFAULT_TILE_URL))
        .isEqualTo("default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' https://tile.openstreetmap.org; connect-src 'self'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'");
  }

  @Test
  void withoutTilesNoImageHostIsAllowed() {
    assertThat(SecurityHeaders.contentSecurityPolicy(""))
        .contains("; img-src 'self'; ")
        .doesNotContain("http");
    assertThat(SecurityHeaders.tileSource(null)).isEmpty();
    assertThat(SecurityHeaders.tileSource("  ")).isEmpty();
  }

  @Test
  void theTileSourceIsTheTemplatesSchemeHostAndPort() {
    assertThat(SecurityHeaders.tileSource("https://tile.openstreetmap.org/{z}/{x}/{y}.png"))
        .contains("https://tile.openstreetmap.org");
    assertThat(
            SecurityHeaders.tileSource("HTTP://Tiles.Example.ORG:8080/osm/{z}/{x}/{y}.png?key=1"))
        .contains("http://tiles.example.org:8080");
    assertThat(SecurityHeaders.tileSource("http://127.0.0.1:8081/{z}/{x}/{y}.png"))
        .contains("http://127.0.0.1:8081");
    assertThat(SecurityHeaders.tileSource("http://[::1]:8081/{z}/{x}/{y}.png"))
        .contains("http://[::1]:8081");
    assertThat(SecurityHeaders.tileSource("https://user:secret@tiles.example.org/{z}/{x}/{y}.png"))
        .as("credentials are not part of a CSP source")
        .contains("https://tiles.example.org");
    assertThat(SecurityHeaders.tileSource("https://tiles.example.org"))
        .contains("https://tiles.example.org");
  }

  @Test
  void aSubDomainPlaceholderBecomesAWildcard() {
    assertThat(
            SecurityHeaders.tileSource("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"))
        .contains("https://*.tile.openstreetmap.fr");
    assertThat(SecurityHeaders.tileSource("https://tiles-{s}.a.example.org/{z}/{x}/{y}{r}.png"))
        .contains("https://*.a.example.org");
  }

  @Test
  void aHostThePolicyCannotNameIsRefused() {
    for (String url : new String[] {
      "https://tiles.{s}.org/{z}/{x}/{y}.png",
      "https://{s}.org/{z}/{x}/{y}.png",
      "https://tiles.example.org;script-src/{z}.png",
      "https://tiles example.org/{z}.png",
      "ftp://tiles.example.org/{z}.png"
    }) {
      assertThatThrownBy(() -> SecurityHeaders.contentSecurityPolicy(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("dashboard tile URL");
    }
  }
}
