package io.citypulse.forecast;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code citypulse forecast evaluate --states FILE} from a file to printed text, for the CLI
 * command to call (not wired yet): reads the file, says how many rows could not be used, evaluates
 * and renders.
 */
public final class EvaluateRun {
  private EvaluateRun() {}

  /** The output formats of {@code --format}. */
  public enum Format {
    JSON,
    TABLE;

    /** {@code json} or {@code table}, case-insensitive. */
    public static Format parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown format '" + text + "': valid formats are json|table", e);
      }
    }
  }

  /**
   * Evaluates the station states of {@code states}.
   *
   * @param warnings told about rows that could not be used (their count and the first reasons)
   * @return the evaluation in {@code format}
   * @throws StateLogException when the file cannot be used (missing column, unreadable, no row)
   */
  public static String run(
      Path states, Evaluator.Options options, Format format, Consumer<String> warnings) {
    StateLogReader.Result read = StateLogReader.read(states);
    if (read.badRows() > 0) {
      warnings.accept(
          read.badRows() + " of " + read.rowsRead() + " rows of " + states + " could not be used");
      read.errors().forEach(warnings);
    }
    if (read.log().isEmpty()) {
      throw new StateLogException(states + ": no usable station state");
    }
    Evaluation evaluation = Evaluator.evaluate(read.log(), options);
    return format == Format.JSON
        ? EvaluationJson.write(evaluation)
        : EvaluationTable.render(evaluation);
  }
}
