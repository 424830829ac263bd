package io.citypulse.dashboard.feed;

import java.util.Map;

/**
 * How far the dashboard's reader is behind each stream and how many records the dead-letter topic
 * holds, measured by the {@link TopicFeed} thread every few seconds and read by web threads.
 */
public final class ReaderPosition {
  private volatile Map<String, Long> lagByStream = Map.of();
  private volatile Long deadLetters;

  /** Records not yet read, per stream ({@code station}, {@code postcode}, {@code weather}); empty until measured. */
  public Map<String, Long> lagByStream() {
    return lagByStream;
  }

  /** Records ever written to the dead-letter topic (its end offsets); null until measured or without topic. */
  public Long deadLetters() {
    return deadLetters;
  }

  void lag(Map<String, Long> lag) {
    lagByStream = Map.copyOf(lag);
  }

  void deadLetters(long count) {
    deadLetters = count;
  }
}
