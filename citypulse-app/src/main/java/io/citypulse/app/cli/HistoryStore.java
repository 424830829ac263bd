package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the stored history is and which part of it to read: the options {@code history} and
 * {@code export --from/--to} share (a picocli mixin), and the time range they both take.
 */
final class HistoryStore {
  /** Range when --from is not given: the day before --to. */
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description =
          "postgres or parquet. Default: postgres when PostgreSQL storage is on or a JDBC URL is set,"
              + " else parquet when a Parquet path is set, else the embedded PostgreSQL's data in the state dir.")
  String source;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL to read (storage.postgres.jdbc-url).")
  String jdbcUrl;

  @Option(
      names = "--parquet",
      paramLabel = "PATH",
      description = "Parquet history directory or URI. Default: the configured Parquet path.")
  String parquet;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "State directory of the pipeline, with the embedded PostgreSQL's data (key state-dir).")
  String stateDir;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set any config key. Repeatable.")
  List<String> assignments = List.of();

  /** The configuration with these flags applied over the file and the environment. */
  Settings settings(Path configFile) {
    Map<String, String> flags = PipelineOptions.assignments(assignments);
    PipelineOptions.put(flags, CitypulseConfig.JDBC_URL, jdbcUrl);
    PipelineOptions.put(flags, CitypulseConfig.PARQUET_PATH, parquet);
    PipelineOptions.put(flags, CitypulseConfig.STATE_DIR, stateDir);
    return Settings.load(configFile, System.getenv(), flags, Map.of());
  }

  /** Whether any of these options was given. */
  boolean given() {
    return source != null
        || jdbcUrl != null
        || parquet != null
        || stateDir != null
        || !assignments.isEmpty();
  }

  /** PostgreSQL or Parquet: {@code --source}, else what the settings point to. */
  HistorySource chosen(Settings settings) {
    return HistorySource.choose(source, settings);
  }

  /** A time range, both ends included. */
  record Range(Instant from, Instant to) {}

  /**
   * {@code --from} and {@code --to} as instants: {@code to} defaults to now, {@code from} to
   * {@link #DEFAULT_RANGE} before {@code to}; local times are in {@code inputZone}, else the
   * clock's zone. One "now" for both ends (-2h and the default --to must not drift apart), in
   * whole seconds so that sampled instants print as 08:00:00Z rather than 08:00:00.353319793Z.
   */
  static Range range(String from, String to, Clock clock, ZoneId inputZone) {
    Clock now = Clock.fixed(clock.instant().truncatedTo(ChronoUnit.SECONDS), clock.getZone());
    ZoneId zone = inputZone == null ? now.getZone() : inputZone;
    Instant end = to == null ? now.instant() : time("--to", to, now, zone);
    Instant start = from == null ? end.minus(DEFAULT_RANGE) : time("--from", from, now, zone);
    return new Range(start, end);
  }

  private static Instant time(String flag, String text, Clock now, ZoneId inputZone) {
    try {
      return TimeArgument.parse(text, now, inputZone);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + ": " + e.getMessage());
    }
  }
}
