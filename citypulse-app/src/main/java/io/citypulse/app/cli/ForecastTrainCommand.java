package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.forecast.Evaluator;
import io.citypulse.forecast.ForecastModelException;
import io.citypulse.forecast.ModelMetadata;
import io.citypulse.forecast.StateLog;
import io.citypulse.jobs.forecast.ForecastRuns;
import io.citypulse.jobs.forecast.ForecastTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code citypulse forecast train}: fits a model with Spark MLlib and saves it under the state dir. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a forecast model and save it under the state dir.",
      "Fits gradient-boosted trees with Spark MLlib (the change of bikes at each horizon, and the"
          + " probabilities of an empty and a full station) on station states from a file or the"
          + " stored history, and saves the model in <state-dir>/forecast/models/<id> with its"
          + " training window and metrics. A running pipeline picks the newest model up at its"
          + " next batch, without a restart."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  citypulse forecast train --from -28d --zone Europe/Paris",
      "  citypulse forecast train --states states.parquet --zone America/Chicago --state-dir .citypulse"
    })
final class ForecastTrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ForecastInput input = new ForecastInput();

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0",
      description = "Keep this last part of the time range out of training and report the model's"
          + " errors on it (as forecast evaluate does). Default: 0, train on everything.")
  double testFraction;

  /** "Now" for --from/--to and the model's id; tests in this package replace it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new ConfigException(
          "--test-fraction: expected a number in [0, 1), got " + testFraction);
    }
    Evaluator.Options options;
    try {
      options = new Evaluator.Options(input.horizons(), testFraction, input.step(), input.slots());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    Path stateDir = input.settings().get(CitypulseConfig.STATE_DIR);
    PrintWriter err = spec.commandLine().getErr();
    StateLog log = input.read(err, clock);
    long started = System.nanoTime();
    ForecastRuns.Saved saved;
    try {
      saved = ForecastRuns.train(log, options, ForecastTrainer.Options.defaults(), stateDir, clock);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("cannot train: " + e.getMessage(), e);
    } catch (ForecastModelException e) {
      throw new UserFacingException("cannot save the model: " + e.getMessage(), e);
    }
    ModelMetadata meta = saved.metadata();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("model %s saved in %s%n", saved.id(), saved.dir());
    out.printf(
        "  trained on %d samples from %s to %s in %.1f s (%s)%n",
        meta.trainRows(),
        meta.trainFrom(),
        meta.trainTo(),
        (System.nanoTime() - started) / 1e9,
        meta.description());
    meta.validation().forEach(m -> metrics(out, "validation", m));
    meta.test().forEach(m -> metrics(out, "test", m));
    out.println("  a running pipeline with this state dir uses it from its next batch");
    out.flush();
    return ExitCodes.OK;
  }

  private static void metrics(PrintWriter out, String part, ModelMetadata.HorizonMetrics m) {
    out.printf(
        "  %-10s %-4s MAE %.3f (persistence %.3f), Brier empty %.4f (base %.4f),"
            + " full %.4f (base %.4f)%n",
        part,
        m.horizon(),
        m.mae(),
        m.persistenceMae(),
        m.brierEmpty(),
        m.brierEmptyBaseRate(),
        m.brierFull(),
        m.brierFullBaseRate());
  }
}
