package io.citypulse.app.cli;

import io.citypulse.app.config.Durations;
import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordWriter;
import io.citypulse.files.WeatherRows;
import io.citypulse.files.WriteOptions;
import io.citypulse.sources.weather.WeatherGenerator;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherLocations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes the weather generator's observations as a file, for import or for spreadsheets. */
@Command(
    name = "sample-weather",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write generated weather observations to a file.",
      "One observation per location every --interval for --hours from --start, from the weather"
          + " generator (source generator): the same seed gives the same file. citypulse import"
          + " reads it back unchanged."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  citypulse sample-weather --locations senegal --hours 24 --format xlsx \\",
      "      --out senegal.xlsx"
    })
public final class SampleWeatherCommand implements Callable<Integer> {
  /** The default start: fixed, so that a seed alone fixes the file. */
  static final String DEFAULT_START = "2026-12-01T00:00:00Z";

  @Spec
  CommandSpec spec;

  @Option(
      names = "--locations",
      paramLabel = "LIST",
      defaultValue = "brief",
      description = "Presets (brief, senegal) and places separated by ';', as for"
          + " --weather-locations (default: ${DEFAULT-VALUE}).")
  String locations;

  @Option(
      names = "--hours",
      paramLabel = "N",
      defaultValue = "24",
      description = "Hours of observations (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description = "Time between two observations of a location (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      paramLabel = "TIME",
      defaultValue = DEFAULT_START,
      description = "First observation time, UTC ISO-8601 (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, json, jsonl, xlsx, xml or yaml. Default: from --out's extension.")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "File to write (a .gz name is compressed).")
  Path out;

  @Override
  public Integer call() {
    FileFormat fileFormat;
    try {
      fileFormat = format != null ? FileFormat.parse(format) : FileFormat.guess(out.toString());
    } catch (IllegalArgumentException e) {
      throw usage("--format: " + e.getMessage());
    }
    if (hours < 1) {
      throw usage("--hours must be at least 1, got " + hours);
    }
    Duration step;
    try {
      step = Durations.parse(interval);
    } catch (RuntimeException e) {
      throw usage("--interval: expected a duration such as 10m or 1h, got '" + interval + "'");
    }
    if (step.isNegative() || step.isZero()) {
      throw usage("--interval must be positive, got " + interval);
    }
    Instant first = startTime();
    List<WeatherLocation> places;
    try {
      places = WeatherLocations.resolve(locations);
    } catch (IllegalArgumentException e) {
      throw usage("--locations: " + e.getMessage());
    }
    WeatherGenerator generator =
        new WeatherGenerator(seed, step, Clock.fixed(first, ZoneOffset.UTC));
    Instant end = first.plus(Duration.ofHours(hours));
    long written;
    boolean xlsx = fileFormat == FileFormat.XLSX;
    // An XLSX goes to a scratch file first: its creation time is then set to --start.
    Path target = xlsx ? scratchFile() : out;
    try {
      try (OutputStream file = Files.newOutputStream(target);
          RecordWriter writer = RecordWriter.open(
              fileFormat,
              file,
              WeatherRows.COLUMNS,
              WriteOptions.forFile(xlsx ? target.toString() : out.toString()))) {
        for (Instant at = first; at.isBefore(end); at = at.plus(step)) {
          for (WeatherLocation place : places) {
            writer.write(WeatherRows.toRow(generator.observe(place, at)));
          }
        }
        written = writer.count();
      }
      if (xlsx) {
        try (OutputStream file = Files.newOutputStream(out);
            OutputStream to = out.toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                ? new GZIPOutputStream(file)
                : file) {
          stampXlsx(target, to, first);
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + out + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UserFacingException("cannot write " + out + ": " + e.getCause().getMessage(), e);
    } finally {
      if (xlsx) {
        target.toFile().delete();
      }
    }
    spec.commandLine()
        .getOut()
        .printf(
            "sample-weather: %d observations (%d locations, every %s from %s to %s, seed %d)"
                + " written to %s%n",
            written, places.size(), interval, first, end, seed, out);
    return ExitCodes.OK;
  }

  private static Path scratchFile() {
    try {
      return Files.createTempFile("citypulse-sample-", ".xlsx");
    } catch (IOException e) {
      throw new UserFacingException("cannot create a scratch file: " + e.getMessage(), e);
    }
  }

  /** The core properties' creation time, which POI sets to the time of writing. */
  private static final Pattern CREATED =
      Pattern.compile("(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)");

  /**
   * Copies an XLSX with its creation time (docProps/core.xml) and every entry's time set to
   * {@code created}, so that the same arguments give the same bytes. The entries keep their order
   * and content otherwise.
   */
  static void stampXlsx(Path xlsx, OutputStream to, Instant created) throws IOException {
    LocalDateTime local = LocalDateTime.ofInstant(created, ZoneOffset.UTC);
    String iso = created.truncatedTo(ChronoUnit.SECONDS).toString();
    // ZipFile, not ZipInputStream: POI's local headers give no sizes; the central directory does.
    try (ZipFile in = new ZipFile(xlsx.toFile());
        ZipOutputStream zip = new ZipOutputStream(to)) {
      for (ZipEntry entry : Collections.list(in.entries())) {
        byte[] content;
        try (InputStream entryIn = in.getInputStream(entry)) {
          content = entryIn.readAllBytes();
        }
        if (entry.getName().equals("docProps/core.xml")) {
          content = CREATED
              .matcher(new String(content, StandardCharsets.UTF_8))
              .replaceFirst("$1" + iso + "$2")
              .getBytes(StandardCharsets.UTF_8);
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTimeLocal(local);
        zip.putNextEntry(copy);
        zip.write(content);
        zip.closeEntry();
      }
      zip.finish();
    }
  }

  private Instant startTime() {
    try {
      return OffsetDateTime.parse(start.trim().replaceFirst("(T\\d\\d:\\d\\d)(Z|[+-])", "$1:00$2"))
          .toInstant();
    } catch (DateTimeException e) {
      throw usage("--start: expected a UTC time such as 2026-12-01T00:00Z, got '" + start + "'");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
