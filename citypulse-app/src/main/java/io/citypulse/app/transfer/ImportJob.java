package io.citypulse.app.transfer;

import io.citypulse.files.ColumnMapping;
import io.citypulse.files.FileFormat;
import io.citypulse.files.FileReadException;
import io.citypulse.files.ReadOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;

/**
 * {@code citypulse import}: one file or URL, or every file dropped into a directory, through an
 * {@link Importer}, printing each file's summary on {@code out} and warnings and progress on
 * {@code err}.
 */
public final class ImportJob {
  private final Importer importer;
  private final ImportKind kind;
  private final ColumnMapping mapping;
  private final String defaultSource;
  private final FileFormat format;
  private final boolean force;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean terminal;

  /**
   * @param format the format of every file, or null to tell it from each file's extension
   * @param terminal whether {@code err} is a terminal (progress rewritten in place)
   */
  public ImportJob(
      Importer importer,
      ImportKind kind,
      ColumnMapping mapping,
      String defaultSource,
      FileFormat format,
      boolean force,
      PrintWriter out,
      PrintWriter err,
      boolean quiet,
      boolean terminal) {
    this.importer = importer;
    this.kind = kind;
    this.mapping = mapping;
    this.defaultSource = defaultSource;
    this.format = format;
    this.force = force;
    this.out = out;
    this.err = err;
    this.quiet = quiet;
    this.terminal = terminal;
  }

  /**
   * Imports one file and prints its summary.
   *
   * @throws IllegalArgumentException when the format cannot be told from the name
   * @throws IOException when the input cannot be opened or read
   * @throws FileReadException when the file cannot be read any further
   * @throws KafkaException when Kafka fails
   */
  public Importer.Result importOne(ImportSource source) throws IOException {
    String name = source.name();
    FileFormat fileFormat = format != null ? format : FileFormat.guess(stripQuery(name));
    RowPipeline pipeline = new RowPipeline(
        kind,
        mapping,
        defaultSource,
        warning -> err.println("citypulse: " + name + ": " + warning));
    Progress progress =
        new Progress(err, terminal, quiet, System::nanoTime, shortName(name), "rows");
    long started = System.nanoTime();
    Importer.Result result;
    try {
      result = importer.importFile(
          source,
          fileFormat,
          ReadOptions.forFile(stripQuery(name)),
          kind,
          pipeline,
          force,
          progress::update);
    } finally {
      progress.finish();
      err.flush();
    }
    if (result instanceof Importer.Result.Skipped skipped) {
      out.println(name + ": already imported at " + skipped.entry().updatedAt() + " (ledger: "
          + skipped.entry().published() + " published); --force to import it again");
    } else {
      Importer.Result.Done done = (Importer.Result.Done) result;
      double seconds = (System.nanoTime() - started) / 1e9;
      out.println(name + ": " + done.stats().counts()
          + String.format(java.util.Locale.ROOT, " in %.1f s", seconds)
          + (done.resumedAfter() > 0
              ? " (resumed after row " + done.resumedAfter() + " of an earlier run, ledger)"
              : ""));
      done.stats().summary().stream().skip(1).forEach(out::println);
    }
    out.flush();
    return result;
  }

  /**
   * Imports the files dropped into {@code dir} until {@code stop} says so, scanning every
   * {@code interval}. A file that fails is reported and tried again on the next scan.
   *
   * @return the number of files that had rejected rows or failed
   */
  public int watch(Path dir, Duration interval, BooleanSupplier stop) throws IOException {
    DirectoryWatcher watcher = new DirectoryWatcher(dir);
    err.println(
        "citypulse: watching " + dir.toAbsolutePath() + " for files to import (Ctrl-C to stop)");
    err.flush();
    int troubled = 0;
    while (!stop.getAsBoolean()) {
      for (Path file : watcher.scan()) {
        if (stop.getAsBoolean()) {
          break;
        }
        try {
          Importer.Result result = importOne(ImportSource.file(file));
          if (result instanceof Importer.Result.Done done && done.stats().rejected() > 0) {
            troubled++;
          }
        } catch (IllegalArgumentException e) {
          err.println("citypulse: " + file + ": skipped: " + e.getMessage());
        } catch (IOException | FileReadException | KafkaException e) {
          troubled++;
          err.println("citypulse: " + file + ": " + e.getMessage()
              + " (tried again on the next scan; committed rows are kept)");
          watcher.forget(file);
        }
        err.flush();
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return troubled;
  }

  private static String stripQuery(String name) {
    int query = name.indexOf('?');
    return query < 0 ? name : name.substring(0, query);
  }

  private static String shortName(String name) {
    String path = stripQuery(name);
    int slash = path.lastIndexOf('/');
    return slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
  }
}
