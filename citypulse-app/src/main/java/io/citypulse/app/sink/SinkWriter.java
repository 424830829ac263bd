package io.citypulse.app.sink;

import java.util.List;

/** Writes batches of decoded result records to one server (a search index, a cache). */
public interface SinkWriter extends AutoCloseable {

  /** The server, for status lines and logs, without credentials. */
  String describe();

  /**
   * Writes a batch. Blocks, retrying with backoff, while the server is away: returns only once
   * every record is written or refused for good.
   *
   * @return the records the server refused for good (they are dead-lettered), in batch order
   * @throws InterruptedException when the sink is stopping (the batch is not committed: a
   *     restart writes it again, which writers make idempotent)
   */
  List<Refusal> write(List<SinkRecord> batch) throws InterruptedException;

  /** Whether the server takes writes now; safe to call from any thread. */
  SinkHealth health();

  @Override
  default void close() {}
}
