package io.citypulse.app.cli;

import io.citypulse.app.config.ConfigException;
import io.citypulse.forecast.EvaluateRun;
import io.citypulse.forecast.Evaluation;
import io.citypulse.forecast.EvaluationJson;
import io.citypulse.forecast.EvaluationTable;
import io.citypulse.forecast.Evaluator;
import io.citypulse.forecast.StateLog;
import io.citypulse.jobs.forecast.ForecastRuns;
import io.citypulse.jobs.forecast.ForecastTrainer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code citypulse forecast evaluate}: trains on the first part of the states' time range, tests
 * on the last, and prints the model's errors beside three baselines.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate the forecast model against three baselines.",
      "Trains on the first part of the states' time range and tests on the last part"
          + " (--test-fraction, split by time, never at random). For each horizon prints MAE and"
          + " RMSE of the model and of persistence (the value now), the station's historical"
          + " average for the time slot, and seasonal persistence (now plus the slot's usual"
          + " change), and the Brier score of the empty/full probabilities against the base rate."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  citypulse forecast evaluate --states divvy.csv.gz --zone America/Chicago --format table",
      "  citypulse forecast evaluate --from 2026-11-01 --to 2026-12-01 --zone Europe/Paris"
    })
final class ForecastEvaluateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ForecastInput input = new ForecastInput();

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0.2",
      description = "Last part of the time range to test on, in (0, 1). Default: ${DEFAULT-VALUE}.")
  double testFraction;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      defaultValue = "mllib",
      description = "mllib (gradient-boosted trees with Spark MLlib, what forecast train saves) or"
          + " blend (a quick linear blend of the baselines, no Spark). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "json or table. Default: ${DEFAULT-VALUE}.")
  String format;

  /** "Now" for --from/--to; tests in this package replace it. */
  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    EvaluateRun.Format outputFormat;
    try {
      outputFormat = EvaluateRun.Format.parse(format);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--format: " + e.getMessage(), e);
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new ConfigException(
          "--test-fraction: expected a number in (0, 1), got " + testFraction);
    }
    Evaluator.Options options;
    try {
      options = new Evaluator.Options(input.horizons(), testFraction, input.step(), input.slots());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    boolean mllib = switch (model.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "mllib" -> true;
      case "blend" -> false;
      default -> throw new ConfigException("--model: expected mllib or blend, got '" + model + "'");
    };
    PrintWriter err = spec.commandLine().getErr();
    StateLog log = input.read(err, clock);
    long started = System.nanoTime();
    Evaluation evaluation;
    try {
      evaluation = mllib
          ? ForecastRuns.evaluate(log, options, ForecastTrainer.Options.defaults())
          : Evaluator.evaluate(log, options);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("cannot evaluate: " + e.getMessage(), e);
    }
    err.printf("citypulse: evaluated in %.1f s%n", (System.nanoTime() - started) / 1e9);
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        outputFormat == EvaluateRun.Format.JSON
            ? EvaluationJson.write(evaluation)
            : EvaluationTable.render(evaluation));
    out.flush();
    return ExitCodes.OK;
  }
}
