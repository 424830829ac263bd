package io.citypulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClasspathAssetsTest {

  @Test
  void onlyPlainPathsBelowTheRootsAreServed() {
    assertThat(ClasspathAssets.isSafe("META-INF/resources/webjars/leaflet/1.9.4/dist/leaflet.js"))
        .isTrue();
    assertThat(ClasspathAssets.isSafe("META-INF/resources/webjars/../../../io/A.class"))
        .isFalse();
    assertThat(ClasspathAssets.isSafe("public/./app.js")).isFalse();
    assertThat(ClasspathAssets.isSafe("public//app.js")).isFalse();
    assertThat(ClasspathAssets.isSafe("public/..\\app.js")).isFalse();
    assertThat(ClasspathAssets.isSafe("public/%2e%2e/app.js")).isFalse();
  }

  @Test
  void contentTypesByExtension() {
    assertThat(ClasspathAssets.typeOf("public/index.html")).isEqualTo("text/html; charset=utf-8");
    assertThat(ClasspathAssets.typeOf("x/uPlot.iife.min.js"))
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(ClasspathAssets.typeOf("x/leaflet.CSS")).isEqualTo("text/css; charset=utf-8");
    assertThat(ClasspathAssets.typeOf("x/images/layers.png")).isEqualTo("image/png");
    assertThat(ClasspathAssets.typeOf("x/LICENSE")).isEqualTo("application/octet-stream");
  }
}
