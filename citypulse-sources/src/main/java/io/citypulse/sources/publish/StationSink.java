package io.citypulse.sources.publish;

import io.citypulse.model.StationRecord;
import java.util.function.Consumer;

/** Where station records go ({@link StationPublisher}: the stations topic). Must not throw. */
@FunctionalInterface
public interface StationSink {

  /**
   * Sends a record; {@code onFailure} runs (possibly later, on another thread) if it could not be
   * delivered.
   */
  void publish(StationRecord record, Consumer<Exception> onFailure);
}
