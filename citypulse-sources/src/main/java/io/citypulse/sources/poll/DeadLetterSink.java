package io.citypulse.sources.poll;

/** Where unreadable input goes (the dead-letter topic); must not throw. */
@FunctionalInterface
public interface DeadLetterSink {

  void deadLetter(DeadLetter letter);

  /** Drops dead letters (they are still logged and counted by the poller). */
  DeadLetterSink NONE = letter -> {};
}
