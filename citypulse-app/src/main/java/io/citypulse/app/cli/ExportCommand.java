package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import io.citypulse.app.transfer.ExportKind;
import io.citypulse.app.transfer.HistoryExporter;
import io.citypulse.app.transfer.Progress;
import io.citypulse.app.transfer.TopicExporter;
import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordWriter;
import io.citypulse.files.WriteOptions;
import io.citypulse.storage.StorageException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes the records of a topic to a file (or stdout) in one of the record file formats. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write a topic's records to a CSV, JSON, XLSX... file.",
      "Reads the topic from its beginning up to its end at the start of the export, then stops."
          + " Columns are in the model's order; what export writes, import reads back unchanged.",
      "Only committed records are exported (an import's aborted transactions are not).",
      "With --from/--to, exports the stored history instead: the states kept in PostgreSQL"
          + " between the two times (all keys, or one with --station, --postcode or --location),"
          + " in the same columns.",
      "Times: 2026-11-24T08:00:00Z, 2026-11-24T08:00 (local), 2026-11-24, now, -2h."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  citypulse export --kind weather --out weather.xlsx",
      "  citypulse export --kind stations --latest --format csv > stations.csv",
      "  citypulse export --kind weather --from 2026-12-01 --to 2026-12-02 \\",
      "      --state-dir .citypulse --out weather-history.csv.gz"
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "weather, features, stations or postcodes: the topic from config"
          + " (topics.*.name) and its columns. Default: weather.")
  String kind;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Read this topic instead (its records of --kind).")
  String topic;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, json, jsonl, xlsx, xml or yaml. Default: from --out's extension.")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "File to write (a .gz name is compressed). Default: stdout (not for xlsx).")
  Path out;

  @Option(names = "--latest", description = "Only the latest record of each key.")
  boolean latest;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Export the stored history from this time, included (default with --to:"
          + " --to minus 24h).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description =
          "Export the stored history up to this time, included (default with --from:" + " now).")
  String to;

  /** At most one key of the stored history; none: every key. */
  static final class HistoryKey {
    @Option(
        names = "--station",
        paramLabel = "CODE",
        description = "With --from/--to: only this station (--kind stations).")
    String station;

    @Option(
        names = "--postcode",
        paramLabel = "CODE",
        description = "With --from/--to: only this postcode (--kind postcodes).")
    String postcode;

    @Option(
        names = "--location",
        paramLabel = "ID",
        description =
            "With --from/--to: only this weather location (--kind weather or" + " features).")
    String location;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  HistoryKey historyKey;

  @Option(
      names = "--system",
      paramLabel = "ID",
      description = "With --from/--to: only this bike-share system's stations or postcodes, or"
          + " this weather source's observations (default: all).")
  String system;

  @Mixin
  HistoryStore store = new HistoryStore();

  /** "Now" and the zone of local --from/--to; tests in this package replace it. */
  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    ExportKind exportKind = exportKind();
    FileFormat fileFormat = fileFormat();
    if (out == null && fileFormat == FileFormat.XLSX) {
      throw usage("xlsx is a binary format: give --out FILE.xlsx");
    }
    if (from != null || to != null) {
      return exportHistory(exportKind, fileFormat);
    }
    if (historyKey != null || system != null || store.given()) {
      throw usage("--station, --postcode, --location, --system, --source, --jdbc-url, --parquet,"
          + " --state-dir and --set go with --from/--to (the stored history)");
    }
    Settings settings = kafka.settings();
    String name = topic != null ? topic : settings.get(topicKey(exportKind));
    String servers = kafka.bootstrapServers(settings);
    TransferSupport.requireReachable(servers);
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = new Progress(
        err, TransferSupport.terminal(), quiet, System::nanoTime, "export " + name, "records");
    TopicExporter.Result result;
    long started = System.nanoTime();
    try (RecordWriter writer = writer(fileFormat, exportKind)) {
      result = new TopicExporter(servers, Duration.ofSeconds(30))
          .export(name, exportKind, writer, latest, progress::update);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage() + " on " + servers, e);
    } catch (KafkaException e) {
      throw new UserFacingException(
          "cannot read topic '" + name + "' from " + servers + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw cannotWrite(e);
    } finally {
      progress.finish();
    }
    err.printf(
        "export %s: %d records read, %d written%s to %s in %.1f s%n",
        name,
        result.read(),
        result.written(),
        latest ? " (latest per key)" : "",
        destination(),
        (System.nanoTime() - started) / 1e9);
    if (result.skipped() > 0) {
      err.printf(
          "export %s: %d records skipped, first: %s%n",
          name, result.skipped(), result.firstSkipped());
    }
    err.flush();
    return ExitCodes.OK;
  }

  /** --kind, else the kind of the history key given, else weather. */
  private ExportKind exportKind() {
    String implied = historyKey == null
        ? null
        : historyKey.station != null
            ? "stations"
            : historyKey.postcode != null ? "postcodes" : "weather";
    ExportKind exportKind;
    try {
      exportKind = ExportKind.parse(kind != null ? kind : implied != null ? implied : "weather");
    } catch (IllegalArgumentException e) {
      throw usage("--kind: " + e.getMessage());
    }
    if (implied != null
        && HistoryExporter.subjectOf(exportKind)
            != HistoryExporter.subjectOf(ExportKind.parse(implied))) {
      throw usage("--kind " + exportKind.id() + " does not go with --"
          + HistoryExporter.subjectOf(ExportKind.parse(implied)).label());
    }
    return exportKind;
  }

  /** export --from/--to: the stored history, from PostgreSQL, streamed. */
  private int exportHistory(ExportKind exportKind, FileFormat fileFormat) {
    if (topic != null || latest || kafka.bootstrapServers != null) {
      throw usage("--topic, --latest and --bootstrap-servers read a topic: not with --from/--to");
    }
    Settings settings = store.settings(kafka.configFile);
    HistoryStore.Range range = HistoryStore.range(from, to, clock, null);
    HistoryExporter.Selection selection;
    try {
      selection = new HistoryExporter.Selection(
          exportKind,
          range.from(),
          range.to(),
          system,
          historyKey == null
              ? null
              : historyKey.station != null
                  ? historyKey.station
                  : historyKey.postcode != null ? historyKey.postcode : historyKey.location);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (store.chosen(settings) != HistorySource.POSTGRES) {
      throw new UserFacingException("export --from/--to reads the PostgreSQL history only; for"
          + " the Parquet history, 'citypulse history --source parquet' prints one subject's"
          + " series");
    }
    PrintWriter err = spec.commandLine().getErr();
    String label = "export " + selection.subject().dataset() + " history";
    Progress progress =
        new Progress(err, TransferSupport.terminal(), quiet, System::nanoTime, label, "rows");
    long started = System.nanoTime();
    long written;
    try (PostgresAccess access = PostgresAccess.forQuery(settings);
        RecordWriter writer = writer(fileFormat, exportKind)) {
      written = new HistoryExporter(access.target())
          .export(selection, writer, n -> progress.update(-1, -1, n));
    } catch (StorageException e) {
      throw new UserFacingException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw cannotWrite(e);
    } finally {
      progress.finish();
    }
    err.printf(
        "%s: %d rows (%s) written to %s in %.1f s%n",
        label, written, selection.describe(), destination(), (System.nanoTime() - started) / 1e9);
    if (written == 0) {
      err.println("citypulse: no stored " + selection.describe());
    }
    err.flush();
    return ExitCodes.OK;
  }

  private RecordWriter writer(FileFormat fileFormat, ExportKind exportKind) {
    WriteOptions options =
        out == null ? WriteOptions.defaults() : WriteOptions.forFile(out.toString());
    return RecordWriter.open(fileFormat, target(), exportKind.columns(), options);
  }

  private String destination() {
    return out == null ? "stdout" : out.toString();
  }

  private UserFacingException cannotWrite(UncheckedIOException e) {
    return new UserFacingException(
        "cannot write " + destination() + ": " + e.getCause().getMessage(), e);
  }

  private FileFormat fileFormat() {
    try {
      if (format != null) {
        return FileFormat.parse(format);
      }
      if (out == null) {
        throw usage("give --format (or --out FILE with an extension)");
      }
      return FileFormat.guess(out.toString());
    } catch (IllegalArgumentException e) {
      throw usage("--format: " + e.getMessage());
    }
  }

  private static ConfigKey<String> topicKey(ExportKind kind) {
    return Map.of(
            ExportKind.WEATHER, CitypulseConfig.WEATHER_TOPIC,
            ExportKind.FEATURES, CitypulseConfig.WEATHER_FEATURES_TOPIC,
            ExportKind.STATIONS, CitypulseConfig.STATIONS_TOPIC,
            ExportKind.POSTCODES, CitypulseConfig.AVAILABILITY_TOPIC)
        .get(kind);
  }

  /** The file, or stdout kept open when the writer closes (the launcher still prints to it). */
  private OutputStream target() {
    if (out == null) {
      spec.commandLine().getOut().flush();
      return new FilterOutputStream(System.out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          System.out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.newOutputStream(out);
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
