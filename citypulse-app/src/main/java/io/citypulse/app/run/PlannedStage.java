package io.citypulse.app.run;

import java.util.List;

/**
 * A stage's place in a plan.
 *
 * @param name unique in a plan; used in dependencies, thread names and error messages
 * @param needs the stages that must have started before this one starts, all listed before it
 * @param background true for a stage whose start may go on after {@link Pipeline#start} returns
 *     (the dashboard, jobs that wait for the first bike aggregate): its failure stops the pipeline
 *     through {@link Pipeline#awaitTermination}. A stage that needs a background stage is one too.
 */
public record PlannedStage(String name, List<String> needs, boolean background, Stage stage) {
  public PlannedStage {
    needs = List.copyOf(needs);
  }
}
