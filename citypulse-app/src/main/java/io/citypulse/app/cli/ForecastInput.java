package io.citypulse.app.cli;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Durations;
import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import io.citypulse.app.transfer.ExportKind;
import io.citypulse.app.transfer.HistoryExporter;
import io.citypulse.files.RecordWriter;
import io.citypulse.forecast.Horizons;
import io.citypulse.forecast.SlotScheme;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StateLogException;
import io.citypulse.forecast.StateLogReader;
import io.citypulse.jobs.states.StationStatesParquet;
import io.citypulse.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where {@code citypulse forecast} reads station states (a file, or the stored history) and the
 * options both of its commands share: horizons, sampling step and the zone of the time slots.
 */
final class ForecastInput {
  @Option(
      names = "--states",
      paramLabel = "FILE",
      description = "Station states: CSV, gzipped CSV or Parquet (a file or a directory) with the"
          + " columns station_code, time, bikes_available, docks_available and capacity"
          + " (optionally mechanical and ebike). A row holds until the station's next row."
          + " Default: the stored history between --from and --to.")
  Path states;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Without --states: start of the stored history to read (default: --to minus"
          + " 28 days).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "Without --states: end of the stored history to read (default: now).")
  String to;

  @Option(
      names = "--horizons",
      paramLabel = "LIST",
      defaultValue = "15m,30m,60m",
      description = "Forecast horizons, comma-separated (default: 15, 30 and 60 minutes).")
  String horizons;

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "Sample every station every DURATION. Default: ${DEFAULT-VALUE}.")
  String step;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "Time zone of the system's local day (rush hours follow it), e.g."
          + " America/Chicago. Default: this machine's zone.")
  String zone;

  @Mixin
  HistoryStore store = new HistoryStore();

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file.")
  Path configFile;

  /** How far back the stored history is read when --from is not given. */
  static final Duration DEFAULT_HISTORY = Duration.ofDays(28);

  /** The configuration with the store's flags applied. */
  Settings settings() {
    return store.settings(configFile);
  }

  List<Duration> horizons() {
    try {
      return Horizons.parse(horizons);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--horizons: " + e.getMessage(), e);
    }
  }

  Duration step() {
    Duration parsed;
    try {
      parsed = Durations.parse(step);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--step: " + e.getMessage(), e);
    }
    if (parsed.isZero() || parsed.isNegative() || parsed.getSeconds() % 60 != 0) {
      throw new ConfigException("--step: expected whole minutes above 0, got '" + step + "'");
    }
    return parsed;
  }

  ZoneId zone() {
    if (zone == null) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(zone.trim());
    } catch (DateTimeException e) {
      throw new ConfigException("--zone: unknown time zone '" + zone + "'", e);
    }
  }

  /** 15-minute slots of the local day in {@link #zone()}. */
  SlotScheme slots() {
    return SlotScheme.quarterHours(zone());
  }

  /**
   * Reads the states; rows that could not be used are told on {@code err} (count and first
   * reasons).
   *
   * @throws ConfigException for a file that does not exist or bad --from/--to
   * @throws UserFacingException when the states cannot be read or none is usable
   */
  StateLog read(PrintWriter err, Clock clock) {
    StateLogReader.Result result;
    String where;
    try {
      if (states != null) {
        if (from != null || to != null) {
          throw new ConfigException("--from/--to select the stored history: not with --states");
        }
        where = states.toString();
        result = readFile(states);
      } else {
        HistoryStore.Range range =
            HistoryStore.range(from, to, clock, zone == null ? null : zone());
        if (from == null) {
          range = new HistoryStore.Range(range.to().minus(DEFAULT_HISTORY), range.to());
        }
        Settings settings = settings();
        HistorySource source = store.chosen(settings);
        where = "the " + (source == HistorySource.POSTGRES ? "PostgreSQL" : "Parquet")
            + " station history between " + range.from() + " and " + range.to();
        result = source == HistorySource.POSTGRES
            ? readPostgres(settings, range)
            : readParquetHistory(settings, range);
      }
    } catch (StateLogException | StorageException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    if (result.badRows() > 0) {
      err.printf(
          "citypulse: %d of %d rows of %s could not be used%n",
          result.badRows(), result.rowsRead(), where);
      result.errors().forEach(e -> err.println("  " + e));
      err.flush();
    }
    if (result.log().isEmpty()) {
      throw new UserFacingException(where + ": no usable station state");
    }
    err.printf(
        "citypulse: %d states of %d stations read from %s%n",
        result.log().rows(), result.log().stations().size(), where);
    err.flush();
    return result.log();
  }

  private static StateLogReader.Result readFile(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException("--states: no such file: " + file);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(file) || name.endsWith(".parquet")) {
      return StationStatesParquet.readLocally(file.toString());
    }
    return StateLogReader.read(file);
  }

  private static StateLogReader.Result readParquetHistory(
      Settings settings, HistoryStore.Range range) {
    String path =
        settings.get(io.citypulse.app.config.CitypulseConfig.PARQUET_PATH).trim();
    return StationStatesParquet.historyLocally(path, range.from(), range.to());
  }

  private static StateLogReader.Result readPostgres(Settings settings, HistoryStore.Range range) {
    HistoryExporter.Selection selection =
        new HistoryExporter.Selection(ExportKind.STATIONS, range.from(), range.to(), null, null);
    StatesCollector collector = new StatesCollector();
    try (PostgresAccess access = PostgresAccess.forQuery(settings)) {
      new HistoryExporter(access.target()).export(selection, collector, n -> {});
    }
    return collector.result();
  }

  /**
   * Stored station rows into a log: named {@code SYSTEM:CODE} (the stations topic's keys, which
   * the live scoring looks stations up by); the time is {@code last_reported}, else {@code
   * fetched_at}.
   */
  static final class StatesCollector implements RecordWriter {
    private final List<Map<String, ?>> rows = new java.util.ArrayList<>();

    @Override
    public void write(Map<String, ?> record) {
      rows.add(record);
    }

    @Override
    public long count() {
      return rows.size();
    }

    @Override
    public void close() {}

    StateLogReader.Result result() {
      StateLog.Builder builder = new StateLog.Builder();
      List<String> errors = new java.util.ArrayList<>();
      long bad = 0;
      long n = 0;
      for (Map<String, ?> record : rows) {
        n++;
        Map<String, String> fields = new HashMap<>();
        Object code = record.get("station_code");
        fields.put("station_code", code == null ? null : record.get("system") + ":" + code);
        Object time = record.get("last_reported") != null
            ? record.get("last_reported")
            : record.get("fetched_at");
        fields.put("time", time == null ? null : time.toString());
        for (String count :
            List.of("bikes_available", "docks_available", "capacity", "mechanical", "ebike")) {
          Object value = record.get(count);
          fields.put(count, value == null ? null : value.toString());
        }
        String error = StateLogReader.add(builder, fields);
        if (error != null) {
          bad++;
          if (errors.size() < 20) {
            errors.add("stored row " + n + ": " + error);
          }
        }
      }
      return new StateLogReader.Result(builder.build(), n, bad, errors);
    }
  }
}
