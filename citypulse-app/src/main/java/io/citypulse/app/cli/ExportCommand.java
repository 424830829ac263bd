package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.app.transfer.ExportKind;
import io.citypulse.app.transfer.Progress;
import io.citypulse.app.transfer.TopicExporter;
import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordWriter;
import io.citypulse.files.WriteOptions;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
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
      "Only committed records are exported (an import's aborted transactions are not)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  citypulse export --kind weather --out weather.xlsx",
      "  citypulse export --kind stations --latest --format csv > stations.csv"
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

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka cluster. Default: the kafka.bootstrap-servers key, else the embedded"
          + " broker of a running citypulse run or demo.")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file.")
  Path configFile;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Override
  public Integer call() {
    ExportKind exportKind;
    try {
      exportKind = ExportKind.parse(kind == null ? "weather" : kind);
    } catch (IllegalArgumentException e) {
      throw usage("--kind: " + e.getMessage());
    }
    FileFormat fileFormat = fileFormat();
    if (out == null && fileFormat == FileFormat.XLSX) {
      throw usage("xlsx is a binary format: give --out FILE.xlsx");
    }
    Settings settings = TransferSupport.settings(configFile);
    String name = topic != null ? topic : settings.get(topicKey(exportKind));
    String servers = TransferSupport.bootstrapServers(bootstrapServers, settings);
    TransferSupport.requireReachable(servers);
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = new Progress(
        err, TransferSupport.terminal(), quiet, System::nanoTime, "export " + name, "records");
    WriteOptions options =
        out == null ? WriteOptions.defaults() : WriteOptions.forFile(out.toString());
    TopicExporter.Result result;
    long started = System.nanoTime();
    try (RecordWriter writer =
        RecordWriter.open(fileFormat, target(), exportKind.columns(), options)) {
      result = new TopicExporter(servers, Duration.ofSeconds(30))
          .export(name, exportKind, writer, latest, progress::update);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage() + " on " + servers, e);
    } catch (KafkaException e) {
      throw new UserFacingException(
          "cannot read topic '" + name + "' from " + servers + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UserFacingException(
          "cannot write " + (out == null ? "stdout" : out) + ": " + e.getCause().getMessage(), e);
    } finally {
      progress.finish();
    }
    err.printf(
        "export %s: %d records read, %d written%s to %s in %.1f s%n",
        name,
        result.read(),
        result.written(),
        latest ? " (latest per key)" : "",
        out == null ? "stdout" : out,
        (System.nanoTime() - started) / 1e9);
    if (result.skipped() > 0) {
      err.printf(
          "export %s: %d records skipped, first: %s%n",
          name, result.skipped(), result.firstSkipped());
    }
    err.flush();
    return ExitCodes.OK;
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
