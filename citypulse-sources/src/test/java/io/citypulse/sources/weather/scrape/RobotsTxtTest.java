package io.citypulse.sources.weather.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 9309 matching, on robots.txt files of our own. */
class RobotsTxtTest {

  private static RobotsTxt robots(String text) {
    return RobotsTxt.parse(text.getBytes(StandardCharsets.UTF_8), "citypulse");
  }

  @Test
  void ourGroupWinsOverTheStarGroup() {
    RobotsTxt robots = robots("""
        User-agent: *
        Disallow: /

        User-agent: CityPulse
        Disallow: /private/
        Crawl-delay: 30
        """);

    assertThat(robots.allows("/weather/senegal/dakar")).isTrue();
    assertThat(robots.allows("/private/x")).isFalse();
    assertThat(robots.crawlDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theStarGroupAppliesWhenNoneNamesUs() {
    RobotsTxt robots = robots("""
        # comment
        User-agent: googlebot
        Disallow:

        User-agent: otherbot
        User-agent: *
        Disallow: /weather/  # no scraping
        Allow: /weather/senegal/
        Crawl-delay: 2.5
        """);

    assertThat(robots.allows("/weather/malaysia/kuala-lumpur")).isFalse();
    assertThat(robots.allows("/weather/senegal/dakar")).as("longer allow wins").isTrue();
    assertThat(robots.allows("/news")).isTrue();
    assertThat(robots.crawlDelay()).isEqualTo(Duration.ofMillis(2500));
    assertThat(robots.decidingRule("/weather/x")).isEqualTo("Disallow: /weather/");
  }

  @Test
  void wildcardsEndAnchorsAndTies() {
    RobotsTxt robots = robots("""
        User-agent: *
        Disallow: /*.php$
        Disallow: /*?session=
        Allow: /page
        Disallow: /page
        """);

    assertThat(robots.allows("/index.php")).isFalse();
    assertThat(robots.allows("/index.php?luft_messdaten_station_smz")).isTrue();
    assertThat(robots.allows("/x?session=1")).isFalse();
    assertThat(robots.allows("/page")).as("allow wins a tie").isTrue();
  }

  @Test
  void robotsTxtItselfEmptyFilesAndGarbageAllow() {
    assertThat(robots("User-agent: *\nDisallow: /\n").allows("/robots.txt")).isTrue();
    assertThat(robots("User-agent: *\nDisallow: /\n").allows("/")).isFalse();
    assertThat(robots("").allows("/anything")).isTrue();
    assertThat(robots("<html>not a robots file</html>").allows("/anything")).isTrue();
    assertThat(robots("User-agent: *\nCrawl-delay: soon\n").crawlDelay()).isNull();
    assertThat(RobotsTxt.ALLOW_ALL.allows("/")).isTrue();
  }

  @Test
  void percentEscapesCompareCaseInsensitively() {
    assertThat(robots("User-agent: *\nDisallow: /a%3cb\n").allows("/a%3Cb")).isFalse();
  }
}
