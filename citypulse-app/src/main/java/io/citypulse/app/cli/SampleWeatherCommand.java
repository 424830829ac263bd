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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
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
    try (OutputStream file = Files.newOutputStream(out);
        RecordWriter writer = RecordWriter.open(
            fileFormat, file, WeatherRows.COLUMNS, WriteOptions.forFile(out.toString()))) {
      for (Instant at = first; at.isBefore(end); at = at.plus(step)) {
        for (WeatherLocation place : places) {
          writer.write(WeatherRows.toRow(generator.observe(place, at)));
        }
      }
      written = writer.count();
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + out + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UserFacingException("cannot write " + out + ": " + e.getCause().getMessage(), e);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "sample-weather: %d observations (%d locations, every %s from %s to %s, seed %d)"
                + " written to %s%n",
            written, places.size(), interval, first, end, seed, out);
    return ExitCodes.OK;
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
