package io.citypulse.app.run;

/**
 * One part of the pipeline (the broker, the topics, an ingest, a Spark job, a sink, the
 * dashboard...). A stage is a value built by {@link PipelinePlan} from settings, which also names
 * it and says which stages it needs: what it will run, with which topics, checkpoints and
 * settings, is readable without starting anything. The {@link StageRunner} calls {@link #start}
 * once every stage it needs has started.
 */
public interface Stage {

  /**
   * Starts the stage: reads what earlier stages provided from {@code context}, provides its own
   * values, and returns what stops it. Runs on its own thread, beside independent stages.
   *
   * @throws Exception any failure: the runner stops what started and reports it, once, as
   *     "{@code <name>}: message" unless it is already a user-facing error
   */
  Running start(StageContext context) throws Exception;
}
