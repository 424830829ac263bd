package io.citypulse.jobs.states;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StateLogException;
import io.citypulse.forecast.StateLogReader;
import io.citypulse.jobs.spark.SparkSessions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads station states with Spark into a {@link StateLog}: a Parquet file (or directory of
 * files) with the columns of {@link StateLogReader#REQUIRED} (and optionally {@code
 * mechanical,ebike}), or the stations of citypulse's own Parquet history. Rows that cannot be
 * used are counted with a reason, as {@link StateLogReader} does for CSV, never dropped silently.
 *
 * <p>The rows are streamed to the driver ({@code toLocalIterator}), one partition at a time: the
 * log itself is a few primitive arrays per station, so a month of minute-level states of a few
 * hundred stations (half a million rows) takes tens of megabytes.
 */
public final class StationStatesParquet {
  private static final int KEPT_ERRORS = 20;
  private static final List<String> COUNTS =
      List.of("bikes_available", "docks_available", "capacity", "mechanical", "ebike");

  private StationStatesParquet() {}

  /** {@link #read(SparkSession, String)} on this JVM's session, or a local one of its own. */
  public static StateLogReader.Result readLocally(String path) {
    return SparkSessions.withSession(spark -> read(spark, path));
  }

  /** {@link #history} on this JVM's session, or a local one of its own. */
  public static StateLogReader.Result historyLocally(String basePath, Instant from, Instant to) {
    return SparkSessions.withSession(spark -> history(spark, basePath, from, to));
  }

  /**
   * Reads a Parquet file or directory of station states.
   *
   * @throws StateLogException when it cannot be read or lacks a required column
   */
  public static StateLogReader.Result read(SparkSession spark, String path) {
    Dataset<Row> data;
    try {
      data = spark.read().parquet(path);
    } catch (Exception e) { // AnalysisException is checked but undeclared (Scala)
      throw new StateLogException(path + ": cannot read as Parquet: " + firstLine(e), e);
    }
    Set<String> columns = new TreeSet<>(Arrays.asList(data.columns()));
    List<String> missing =
        StateLogReader.REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new StateLogException(path
          + ": missing column"
          + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing)
          + " (a station-state file needs "
          + String.join(",", StateLogReader.REQUIRED)
          + "; this one has "
          + String.join(",", columns)
          + ")");
    }
    List<Column> selected = new ArrayList<>();
    selected.add(col("station_code").cast(DataTypes.StringType).as("station_code"));
    selected.add(col("time"));
    for (String count : COUNTS) {
      selected.add(
          columns.contains(count)
              ? col(count).cast(DataTypes.StringType).as(count)
              : lit(null).cast(DataTypes.StringType).as(count));
    }
    return collect(path, data.select(selected.toArray(Column[]::new)));
  }

  /**
   * The stations of citypulse's Parquet history under {@code basePath} (its {@code stations}
   * directory) whose time is in {@code [from, to]}. A station is named {@code SYSTEM:CODE}, as its
   * records are keyed in the stations topic, so that a model trained on it scores the live
   * stations. Its time is {@code last_reported},
   * or {@code fetched_at} when the feed gives none.
   *
   * @throws StateLogException when there is no station history there
   */
  public static StateLogReader.Result history(
      SparkSession spark, String basePath, Instant from, Instant to) {
    String path = basePath.replaceAll("/+$", "") + "/stations";
    Dataset<Row> data;
    try {
      data = spark.read().option("basePath", path).parquet(path);
    } catch (Exception e) { // AnalysisException is checked but undeclared (Scala)
      throw new StateLogException(
          "no station history in the Parquet history at " + basePath + ": " + firstLine(e), e);
    }
    Column time = org.apache.spark.sql.functions.coalesce(col("last_reported"), col("fetched_at"));
    data = data.where(time.geq(lit(java.sql.Timestamp.from(from)))
        .and(time.leq(lit(java.sql.Timestamp.from(to)))));
    long systems = data.select("system").distinct().count();
    Column station =
        systems > 1 ? concat_ws(":", col("system"), col("station_code")) : col("station_code");
    List<Column> selected = new ArrayList<>();
    selected.add(station.as("station_code"));
    selected.add(time.as("time"));
    for (String count : COUNTS) {
      selected.add(col(count).cast(DataTypes.StringType).as(count));
    }
    return collect(basePath, data.select(selected.toArray(Column[]::new)));
  }

  private static StateLogReader.Result collect(String where, Dataset<Row> rows) {
    StateLog.Builder builder = new StateLog.Builder();
    long read = 0;
    long bad = 0;
    List<String> errors = new ArrayList<>();
    Iterator<Row> it = rows.toLocalIterator();
    while (it.hasNext()) {
      Row row = it.next();
      read++;
      Map<String, String> fields = new HashMap<>();
      fields.put("station_code", row.getString(0));
      fields.put("time", timeText(row.get(1)));
      for (int i = 0; i < COUNTS.size(); i++) {
        fields.put(COUNTS.get(i), row.getString(2 + i));
      }
      String error = StateLogReader.add(builder, fields);
      if (error != null) {
        bad++;
        if (errors.size() < KEPT_ERRORS) {
          errors.add(where + " row " + read + ": " + error);
        }
      }
    }
    return new StateLogReader.Result(builder.build(), read, bad, errors);
  }

  /** A timestamp column as ISO-8601 text; text as it is (it must carry a zone or offset). */
  static String timeText(Object value) {
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value == null ? null : value.toString();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
