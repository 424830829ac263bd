package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.Durations;
import io.citypulse.app.config.Settings;
import io.citypulse.app.transfer.ImportJob;
import io.citypulse.app.transfer.ImportKind;
import io.citypulse.app.transfer.ImportSource;
import io.citypulse.app.transfer.Importer;
import io.citypulse.broker.BrokerUnavailableException;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import io.citypulse.files.ColumnMapping;
import io.citypulse.files.FileFormat;
import io.citypulse.files.FileReadException;
import io.citypulse.sources.http.Download;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes the rows of a file (or of every file dropped into a directory) to Kafka, once. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publish weather or station rows from a file to Kafka, once.",
      "Reads CSV, JSON, JSON Lines, XLSX, XML or YAML (also gzipped), from a file or an http(s)"
          + " URL. Weather rows are validated like the API sources' observations. Each valid row"
          + " becomes one record of the weather or stations topic; a bad row goes to the"
          + " dead-letter topic with the file, its row and the reason; a row with the key and time"
          + " of an earlier row is counted as a duplicate and not published again.",
      "Exactly once: rows are published in Kafka transactions with the file's entry in the import"
          + " ledger, so a stopped import resumes after its last committed row and a finished file"
          + " is skipped.",
      "Exit code: 0 when every row was published (or a duplicate), 1 when rows were rejected or"
          + " Kafka failed, 2 for bad flags, an unknown format, a bad mapping or a missing file."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  citypulse import observations.csv",
      "  citypulse import export.json --mapping tomorrow.io --source tomorrow.io",
      "  citypulse import --kind stations stations.xlsx --bootstrap-servers kafka:9092",
      "  citypulse import --watch incoming/"
    })
public final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH|URL",
      description = "File or http(s) URL to import (not with --watch).")
  String input;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, json, jsonl, xlsx, xml or yaml. Default: from the file's extension"
          + " (through a .gz).")
  String format;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      defaultValue = "weather",
      description = "weather or stations (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(
      names = "--mapping",
      paramLabel = "FILE|NAME",
      description = "Column names to field names: a YAML or JSON file of \"column: field\" pairs,"
          + " or a built-in mapping (tomorrow.io).")
  String mapping;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      defaultValue = "import",
      description = "The source of weather rows without a source column (default:"
          + " ${DEFAULT-VALUE}), the first part of their record key.")
  String source;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Publish to this topic instead of the configured weather or stations topic.")
  String topic;

  @Mixin
  KafkaOptions kafka;

  @Option(
      names = "--watch",
      paramLabel = "DIR",
      description = "Keep importing the files dropped into DIR (a file counts once its size is"
          + " the same on two scans; subdirectories, dotfiles and .tmp/.part files are ignored)."
          + " Runs until stopped.")
  Path watch;

  @Option(
      names = "--scan-interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description = "With --watch: time between two scans of DIR (default: ${DEFAULT-VALUE}).")
  String scanInterval;

  @Option(
      names = "--force",
      description = "Import a file again although the ledger says it was imported.")
  boolean force;

  @Option(
      names = "--commit-every",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Rows per Kafka transaction (also committed every 5 s; default:"
          + " ${DEFAULT-VALUE}). A restart resumes after the last committed one.")
  int commitEvery;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Override
  public Integer call() {
    if ((input == null) == (watch == null)) {
      throw usage("give either a file or URL to import, or --watch DIR");
    }
    if (commitEvery < 1) {
      throw usage("--commit-every must be at least 1, got " + commitEvery);
    }
    FileFormat fileFormat = parseFormat();
    ImportKind importKind;
    try {
      importKind = ImportKind.parse(kind);
    } catch (IllegalArgumentException e) {
      throw usage("--kind: " + e.getMessage());
    }
    ColumnMapping columns = loadMapping();
    ImportSource importSource = null;
    if (input != null) {
      importSource = source(input);
      if (fileFormat == null) {
        try {
          FileFormat.guess(input.replaceFirst("\\?.*$", ""));
        } catch (IllegalArgumentException e) {
          throw usage(e.getMessage());
        }
      }
    } else if (!Files.isDirectory(watch)) {
      throw usage("--watch: " + watch + " is not a directory");
    }
    Duration interval = parseInterval();
    try {
      columns.renamer(importKind.fields(), warning -> {});
    } catch (IllegalArgumentException e) {
      throw usage("--mapping: " + e.getMessage());
    }
    Settings settings = kafka.settings();
    String servers = kafka.bootstrapServers(settings);
    Importer.Topics topics = new Importer.Topics(
        topic != null
            ? topic
            : settings.get(
                importKind == ImportKind.WEATHER
                    ? CitypulseConfig.WEATHER_TOPIC
                    : CitypulseConfig.STATIONS_TOPIC),
        settings.get(CitypulseConfig.DEAD_LETTER_TOPIC),
        settings.get(CitypulseConfig.IMPORT_LEDGER_TOPIC));
    TransferSupport.requireReachable(servers);
    ensureTopics(servers, settings, importKind, topics);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Importer importer = new Importer(
        servers,
        topics,
        new Importer.Batching(commitEvery, Importer.Batching.DEFAULT.commitInterval()),
        Clock.systemUTC());
    ImportJob job = new ImportJob(
        importer,
        importKind,
        columns,
        source,
        fileFormat,
        force,
        out,
        err,
        quiet,
        TransferSupport.terminal());
    try {
      if (watch != null) {
        job.watch(watch, interval, () -> Thread.currentThread().isInterrupted());
        return ExitCodes.INTERRUPTED;
      }
      Importer.Result result = job.importOne(importSource);
      return result instanceof Importer.Result.Done done && done.stats().rejected() > 0
          ? ExitCodes.FAILURE
          : ExitCodes.OK;
    } catch (ProducerFencedException e) {
      throw new UserFacingException("another import of " + input
          + " took over (the same file imported twice at once): this one stopped");
    } catch (KafkaException e) {
      throw new UserFacingException(
          "Kafka at " + servers + " failed: " + e.getMessage()
              + "; rerun to resume after the last committed row",
          e);
    } catch (FileReadException e) {
      throw new UserFacingException(
          input + ": " + e.getMessage()
              + " (the rows before it are published; fix the file and use --force)",
          e);
    } catch (IOException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  private FileFormat parseFormat() {
    if (format == null) {
      return null;
    }
    try {
      return FileFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw usage("--format: " + e.getMessage());
    }
  }

  private Duration parseInterval() {
    try {
      Duration interval = Durations.parse(scanInterval);
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("not positive");
      }
      return interval;
    } catch (RuntimeException e) {
      throw usage("--scan-interval: expected a duration such as 2s, got '" + scanInterval + "'");
    }
  }

  private ColumnMapping loadMapping() {
    if (mapping == null) {
      return ColumnMapping.identity();
    }
    if (ColumnMapping.builtInNames().contains(mapping.toLowerCase(java.util.Locale.ROOT))) {
      return ColumnMapping.builtIn(mapping);
    }
    Path file = Path.of(mapping);
    if (!Files.isRegularFile(file)) {
      throw usage("--mapping: no file " + mapping + " (built-in mappings: "
          + ColumnMapping.builtInNames() + ")");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return ColumnMapping.load(in, file.getFileName().toString());
    } catch (IOException e) {
      throw usage("--mapping: cannot read " + mapping + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw usage("--mapping: " + e.getMessage());
    }
  }

  private ImportSource source(String location) {
    if (Download.isUrl(location)) {
      try {
        return ImportSource.url(new URI(location), Duration.ofSeconds(30));
      } catch (URISyntaxException e) {
        throw usage("not a URL: " + location + " (" + e.getReason() + ")");
      }
    }
    Path file = Path.of(location);
    if (!Files.isRegularFile(file)) {
      throw usage("no file " + location);
    }
    if (!Files.isReadable(file)) {
      throw usage("cannot read " + location + ": permission denied");
    }
    return ImportSource.file(file);
  }

  private static void ensureTopics(
      String servers, Settings settings, ImportKind kind, Importer.Topics topics) {
    short replication = settings.get(CitypulseConfig.REPLICATION_FACTOR).shortValue();
    Map<String, String> compacted = Map.of("cleanup.policy", "compact");
    boolean stations = kind == ImportKind.STATIONS;
    TopicSpec records = new TopicSpec(
        topics.records(),
        stations ? settings.get(CitypulseConfig.STATIONS_PARTITIONS) : 1,
        replication,
        stations && settings.get(CitypulseConfig.COMPACT_TOPICS) ? compacted : Map.of());
    try {
      TopicAdmin.ensureTopics(
          servers,
          List.of(
              records,
              new TopicSpec(topics.deadLetters(), 1, replication, Map.of()),
              new TopicSpec(topics.ledger(), 1, replication, compacted)),
          Duration.ofSeconds(30));
    } catch (BrokerUnavailableException | IllegalStateException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
