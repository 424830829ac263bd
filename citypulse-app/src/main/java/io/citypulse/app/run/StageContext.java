package io.citypulse.app.run;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What stages hand to each other while the pipeline starts (the broker's address, the Spark
 * engine, the counters...), under typed {@link Key}s, and where they print their one-line
 * announcements.
 */
public final class StageContext {

  /** A value a stage provides to the stages that need it; keys are equal by name. */
  public static final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = name;
    }

    public static <T> Key<T> named(String name) {
      return new Key<>(name);
    }

    public String name() {
      return name;
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
      return (T) value;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key<?> key && key.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Map<Key<?>, CompletableFuture<Object>> values = new ConcurrentHashMap<>();
  private final PrintWriter out;
  private final Clock clock;
  private volatile boolean stopping;

  StageContext(PrintWriter out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /** Prints one "citypulse: ..." line for the user. */
  public void announce(String line) {
    synchronized (out) {
      out.println("citypulse: " + line);
      out.flush();
    }
  }

  PrintWriter out() {
    return out;
  }

  /** Makes {@code value} available under {@code key}; a key is provided once. */
  public <T> void provide(Key<T> key, T value) {
    if (!future(key).complete(key.cast(value))) {
      throw new IllegalStateException(key.name() + " is provided twice");
    }
  }

  /**
   * The value under {@code key}. Call it for keys provided by stages this one needs: they are
   * there. A key no started stage provided is a bug in the plan.
   */
  public <T> T get(Key<T> key) {
    CompletableFuture<Object> value = future(key);
    if (!value.isDone()) {
      throw new IllegalStateException("no stage has provided " + key.name()
          + " yet: the stage asking for it must need the stage that provides it");
    }
    return key.cast(value.join());
  }

  /** The value under {@code key} if a stage has provided it (and the run has not stopped), else null. */
  <T> T getIfProvided(Key<T> key) {
    CompletableFuture<Object> value = future(key);
    return value.isDone() && !value.isCompletedExceptionally() ? key.cast(value.join()) : null;
  }

  /** The value under {@code key} once some stage provides it; null if the pipeline stops first. */
  public <T> T await(Key<T> key) {
    try {
      return key.cast(future(key).join());
    } catch (CancellationException | CompletionException e) {
      return null;
    }
  }

  /** Wakes every {@link #await} still waiting: the pipeline is stopping. */
  void cancelWaits() {
    stopping = true;
    values.values().forEach(value -> value.cancel(false));
  }

  private CompletableFuture<Object> future(Key<?> key) {
    CompletableFuture<Object> value = values.computeIfAbsent(key, k -> new CompletableFuture<>());
    if (stopping) {
      value.cancel(false);
    }
    return value;
  }
}
