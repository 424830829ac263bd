package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.PostcodeLocation.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeocodeCacheTest {

  @TempDir
  Path state;

  private static final PostcodeLocation PARIS_16 =
      new PostcodeLocation("75116", "Paris", Source.GEOCODER);

  @Test
  void answersSurviveARestart() {
    GeocodeCache first = GeocodeCache.open(state);
    first.put(48.865983, 2.275725, PARIS_16);
    first.put(48.0, 2.0, PostcodeLocation.UNKNOWN);

    GeocodeCache reopened = GeocodeCache.open(state);

    assertThat(reopened.size()).isEqualTo(2);
    assertThat(reopened.get(48.865983, 2.275725)).contains(PARIS_16);
    assertThat(reopened.get(48.0, 2.0)).contains(PostcodeLocation.UNKNOWN);
    assertThat(reopened.get(48.1, 2.1)).isEmpty();
    assertThat(reopened.file()).isEqualTo(state.resolve(GeocodeCache.FILE_NAME));
  }

  @Test
  void keysArePointsRoundedToSixDecimals() {
    GeocodeCache cache = GeocodeCache.inMemory();
    cache.put(48.8659834, 2.2757251, PARIS_16);

    assertThat(GeocodeCache.keyOf(48.8659834, 2.2757251)).isEqualTo("48.865983,2.275725");
    assertThat(GeocodeCache.keyOf(-33.9, 18.4)).isEqualTo("-33.900000,18.400000");
    assertThat(cache.get(48.8659826, 2.2757249)).contains(PARIS_16);
    assertThat(cache.get(48.865985, 2.275725)).isEmpty();
  }

  @Test
  void theLastAnswerForAPointWins() {
    GeocodeCache cache = GeocodeCache.open(state);
    cache.put(48.0, 2.0, PostcodeLocation.UNKNOWN);
    cache.put(48.0, 2.0, PARIS_16);

    assertThat(GeocodeCache.open(state).get(48.0, 2.0)).contains(PARIS_16);
  }

  @Test
  void corruptAndTornLinesAreSkippedAndLaterAppendsStayReadable() throws Exception {
    Path file = state.resolve(GeocodeCache.FILE_NAME);
    Files.writeString(file, """
        {"key":"48.865983,2.275725","postcode":"75116","commune":"Paris"}
        not json at all
        {"key":"nonsense","postcode":"75001"}
        {"key":"48.000000,2.000000","postcode":""}
        {"key":"48.100000,2.100000","postc""", StandardCharsets.UTF_8);

    GeocodeCache cache = GeocodeCache.open(state);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.skippedLines()).isEqualTo(4);
    assertThat(cache.get(48.865983, 2.275725)).contains(PARIS_16);

    cache.put(48.2, 2.2, new PostcodeLocation("92000", "Nanterre", Source.GEOCODER));
    GeocodeCache reopened = GeocodeCache.open(state);

    assertThat(reopened.get(48.2, 2.2)).map(PostcodeLocation::postcode).contains("92000");
    assertThat(reopened.skippedLines()).isEqualTo(4);
  }

  @Test
  void anUnwritableStateDirectoryDegradesToMemory() throws Exception {
    Path notADirectory = Files.writeString(state.resolve("plain-file"), "x");

    GeocodeCache cache = GeocodeCache.open(notADirectory);
    cache.put(48.0, 2.0, PARIS_16);

    assertThat(cache.get(48.0, 2.0)).contains(PARIS_16);
  }

  @Test
  void everyStoredAnswerIsMarkedAsComingFromTheGeocoder() {
    GeocodeCache cache = GeocodeCache.inMemory();
    cache.put(48.0, 2.0, new PostcodeLocation("75116", "Paris", Source.TABLE));

    assertThat(cache.get(48.0, 2.0)).map(PostcodeLocation::source).contains(Source.GEOCODER);
  }
}
