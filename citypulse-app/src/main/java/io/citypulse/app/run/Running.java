package io.citypulse.app.run;

/** A started stage: how to stop it, and whether it failed on its own since it started. */
public interface Running extends AutoCloseable {

  /** A stage with nothing to stop. */
  Running NOTHING = () -> {};

  /** Why the stage stopped working on its own (a Spark job that failed), null while it works. */
  default String failure() {
    return null;
  }

  /** Stops the stage; called once, in reverse plan order. */
  @Override
  void close() throws Exception;
}
