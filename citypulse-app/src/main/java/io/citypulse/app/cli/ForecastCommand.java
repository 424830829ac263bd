package io.citypulse.app.cli;

import picocli.CommandLine.Command;

/** {@code citypulse forecast}: train forecast models and evaluate them against baselines. */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = {
      "Train and evaluate forecasts of bikes per station.",
      "Forecasts of bikes, free docks and the probability that a station is empty or full, 15, 30"
          + " and 60 minutes ahead, learnt from station states (a file or the stored history)."
    },
    subcommands = {ForecastEvaluateCommand.class, ForecastTrainCommand.class})
final class ForecastCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
