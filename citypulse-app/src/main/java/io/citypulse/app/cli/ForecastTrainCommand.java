package io.citypulse.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code citypulse forecast train}: fits a model and saves it under the state dir. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a forecast model and save it under the state dir.",
      "The live pipeline picks up the newest model without a restart."
    })
final class ForecastTrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ForecastInput input = new ForecastInput();

  @Override
  public Integer call() {
    throw new UserFacingException("forecast train: not available yet");
  }
}
