package io.citypulse.app.cli;

import io.citypulse.app.cli.render.SeriesFormat;
import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Durations;
import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import io.citypulse.jobs.parquet.ParquetHistoryReader;
import io.citypulse.storage.StorageException;
import io.citypulse.storage.history.HistoryRequest;
import io.citypulse.storage.history.HistorySubject;
import io.citypulse.storage.history.InvalidHistoryRequestException;
import io.citypulse.storage.history.NoHistoryException;
import io.citypulse.storage.history.PostgresHistoryReader;
import io.citypulse.storage.history.TimeSeries;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the stored history of one station, postcode or weather location, optionally sampled at a fixed step. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print the history of a station, postcode or weather location.",
      "Reads the states stored between --from and --to from PostgreSQL or from the Parquet history.",
      "With --step, prints one row per instant (--from, --from + step, ... up to --to), each with the"
          + " state as of that instant: the latest one at or before it (empty before the first one).",
      "Times: 2026-11-24T08:00:00Z, 2026-11-24T08:00 (in --zone), 2026-11-24, now, -2h."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  citypulse history --station 16107 --from 2026-11-24T08:00 \\",
      "      --to 2026-11-24T09:00 --step 15m --zone Europe/Paris --format csv"
    })
final class HistoryCommand implements Callable<Integer> {
  /** Range when --from is not given: the day before --to. */
  static final Duration DEFAULT_RANGE = HistoryStore.DEFAULT_RANGE;

  @Spec
  CommandSpec spec;

  /** One subject, exactly. */
  static final class Subject {
    @Option(
        names = "--station",
        paramLabel = "CODE",
        required = true,
        description = "Station code (Vélib' stationCode), within --system.")
    String station;

    @Option(
        names = "--postcode",
        paramLabel = "CODE",
        required = true,
        description = "Postal code (or area), e.g. 75001; of a catalogue-wide run (run --systems)"
            + " as its key SYSTEM:AREA, or with --system.")
    String postcode;

    @Option(
        names = "--location",
        paramLabel = "ID",
        required = true,
        description = "Weather location id, as in the weather records (e.g. paris).")
    String location;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  @Option(
      names = "--system",
      paramLabel = "ID",
      description = "Bike-share system of --station (default: velib, or the gbfs.system key) or of"
          + " --postcode (default: none, a one-system run's).")
  String system;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Start, included (default: --to minus 24h).")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "End, included (default: now).")
  String to;

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      description = "Sample the state every DURATION (e.g. 15m, 1h); at most "
          + HistoryRequest.MAX_SAMPLES + " rows. Default: every stored state.")
  String step;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "table (aligned), csv (RFC 4180) or json (an array, one object per line). Default: table.")
  String format;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description =
          "Time zone of local --from/--to and of the printed times (default: local input in the"
              + " system zone, output in UTC).")
  String zone;

  @Mixin
  HistoryStore store = new HistoryStore();

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file.")
  Path configFile;

  /** "Now" and the default zone of local --from/--to; tests in this package replace it. */
  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    Settings settings = store.settings(configFile);
    HistoryRequest request = request(settings);
    SeriesFormat outputFormat = outputFormat();
    ZoneId outputZone = zone == null ? ZoneOffset.UTC : zone(zone);
    HistorySource chosen = store.chosen(settings);
    TimeSeries series = read(chosen, settings, request);
    PrintWriter out = spec.commandLine().getOut();
    outputFormat.render(series, outputZone, out);
    out.flush();
    // A sampled row without a state has no state time (column 1).
    if (request.sampled()
        ? series.rows().stream().allMatch(row -> row.get(1) == null)
        : series.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("citypulse: no stored state of " + request.describe()
              + (request.sampled()
                  ? " at or before " + request.to()
                  : " between " + request.from() + " and " + request.to()));
    }
    return ExitCodes.OK;
  }

  HistoryRequest request(Settings settings) {
    HistoryStore.Range range =
        HistoryStore.range(from, to, clock, zone == null ? null : zone(zone));
    Duration every = null;
    if (step != null) {
      try {
        every = Durations.parse(step);
      } catch (RuntimeException e) {
        throw new ConfigException(
            "--step: expected a duration such as 30s, 15m, 1h or 1d, got '" + step + "'");
      }
    }
    HistorySubject kind;
    String key;
    if (subject.station != null) {
      kind = HistorySubject.STATION;
      key = subject.station;
    } else if (subject.postcode != null) {
      kind = HistorySubject.POSTCODE;
      key = subject.postcode;
    } else {
      kind = HistorySubject.LOCATION;
      key = subject.location;
    }
    if (system != null && kind == HistorySubject.LOCATION) {
      throw new ConfigException("--system applies to --station and --postcode only");
    }
    String stationSystem = kind == HistorySubject.STATION
        ? (system != null ? system : settings.get(CitypulseConfig.GBFS_SYSTEM))
        : system;
    try {
      return new HistoryRequest(kind, stationSystem, key, range.from(), range.to(), every);
    } catch (InvalidHistoryRequestException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id.trim());
    } catch (DateTimeException e) {
      throw new ConfigException(
          "--zone: unknown time zone '" + id + "' (e.g. UTC, Europe/Paris, Africa/Dakar)");
    }
  }

  private SeriesFormat outputFormat() {
    try {
      return SeriesFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--format: " + e.getMessage());
    }
  }

  private static TimeSeries read(HistorySource source, Settings settings, HistoryRequest request) {
    try {
      if (source == HistorySource.POSTGRES) {
        try (PostgresAccess access = PostgresAccess.forQuery(settings)) {
          return new PostgresHistoryReader(access.target()).read(request);
        }
      }
      return readParquet(settings.get(CitypulseConfig.PARQUET_PATH), request);
    } catch (NoHistoryException | StorageException e) {
      throw new UserFacingException(e.getMessage(), e);
    } catch (InvalidHistoryRequestException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static TimeSeries readParquet(String path, HistoryRequest request) {
    try (ScratchDir scratch = ScratchDir.create("citypulse-history-");
        ParquetHistoryReader reader = ParquetHistoryReader.local(path, scratch.path())) {
      return reader.read(request);
    }
  }
}
