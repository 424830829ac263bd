package io.citypulse.jobs.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Test helpers: what a history directory holds, on disk and through Spark. */
final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Data files per partition directory (relative, e.g. {@code system=velib/date=2025-10-18}),
   * outside {@code _spark_metadata}; hidden files (Hadoop's {@code .crc}) left out.
   */
  static Map<String, Long> filesPerDirectory(Path streamDirectory) {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(streamDirectory)) {
      files
          .filter(Files::isRegularFile)
          .map(streamDirectory::relativize)
          .filter(p -> !p.startsWith("_spark_metadata"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .forEach(
              p -> out.merge(p.getParent() == null ? "" : p.getParent().toString(), 1L, Long::sum));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every data file name under the directory (outside the sinks' logs), hidden files left out. */
  static List<String> dataFileNames(Path streamDirectory) {
    try (Stream<Path> files = Files.walk(streamDirectory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/_spark_metadata/"))
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The committed history of a stream, with the contract's column types. */
  static Dataset<Row> read(SparkSession spark, ParquetStream stream, String directory) {
    return spark.read().schema(ParquetSchemas.table(stream)).parquet(directory);
  }
}
