package io.citypulse.sources.gbfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/**
 * Compares the streaming parser with {@link GbfsTreeReader}, the tree rules the parser had before
 * it streamed: same snapshot, or a {@link FeedParseException} with the same message and excerpt.
 */
final class TreeOracle {
  private TreeOracle() {}

  interface Parse {
    Object run() throws FeedParseException;
  }

  /** The snapshot, or the exception's message, feed and excerpt as one comparable string. */
  static Object outcome(Parse parse) {
    try {
      return parse.run();
    } catch (FeedParseException e) {
      return "FeedParseException[" + e.feed() + "|" + e.reason() + "|" + e.excerpt() + "|"
          + e.getMessage() + "]";
    }
  }

  /** The station_status fast path against the tree rules. */
  static Object assertStatusSameAsTree(byte[] body, VehicleTypes types) {
    Object streamed = outcome(() -> GbfsParser.stationStatus(body, types));
    Object tree = outcome(() -> GbfsTreeReader.stationStatus(body, types));
    assertThat(streamed).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(tree);
    return streamed;
  }

  static Object assertInformationSameAsTree(byte[] body, String language) {
    Object streamed = outcome(() -> GbfsParser.stationInformation(body, language));
    Object tree = outcome(() -> GbfsTreeReader.stationInformation(body, language));
    assertThat(streamed).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(tree);
    return streamed;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
