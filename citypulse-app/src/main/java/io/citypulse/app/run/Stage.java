package io.citypulse.app.run;

import java.util.List;

/**
 * One part of the pipeline (the broker, the topics, an ingest, a Spark job, a sink, the
 * dashboard...). A stage is a value built by {@link PipelinePlan} from settings: what it will run
 * and with which topics, checkpoints and settings is readable without starting anything. The
 * {@link StageRunner} calls {@link #start} once every stage it {@link #needs} has started.
 */
public interface Stage {

  /** Unique in a plan; used in dependencies, thread names and error messages. */
  String name();

  /** Names of the stages that must have started before this one starts. */
  List<String> needs();

  /**
   * True for a stage whose start may go on after {@link Pipeline#start} returns (the dashboard,
   * jobs that wait for the first bike aggregate): its failure stops the pipeline through
   * {@link Pipeline#awaitTermination}. A stage that needs a background stage is one as well.
   */
  default boolean background() {
    return false;
  }

  /**
   * Starts the stage: reads what earlier stages provided from {@code context}, provides its own
   * values, and returns what stops it. Runs on its own thread, beside independent stages.
   *
   * @throws Exception any failure: the runner stops what started and reports it, once, as
   *     "{@code <name>}: message" unless it is already a user-facing error
   */
  Running start(StageContext context) throws Exception;
}
