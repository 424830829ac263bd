package io.citypulse.jobs.parquet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.storage.StorageException;
import io.citypulse.storage.history.AsOfSeries;
import io.citypulse.storage.history.HistoryColumn;
import io.citypulse.storage.history.HistoryReader;
import io.citypulse.storage.history.HistoryRequest;
import io.citypulse.storage.history.HistoryState;
import io.citypulse.storage.history.HistorySubject;
import io.citypulse.storage.history.InvalidHistoryRequestException;
import io.citypulse.storage.history.NoHistoryException;
import io.citypulse.storage.history.TimeSeries;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a series from the Parquet history ({@code <base>/<stations|postcodes|weather>/
 * [system=<s>/]date=<yyyy-MM-dd>/part-*.parquet}, on any Hadoop file system: file, hdfs, s3a)
 * with Spark, then applies the same {@link AsOfSeries} as the PostgreSQL reader.
 *
 * <p>Every query filters on the {@code date} partition, so Spark lists and opens only the days
 * around the range. When sampling, the state before {@code from} is looked for in the day before
 * it first, and in all earlier days only when that day has none.
 */
public final class ParquetHistoryReader implements HistoryReader, AutoCloseable {
  /** The partition column: the UTC date of the state's time. */
  static final String DATE = ParquetSchemas.DATE;
  /** When Kafka received the record: orders states with the same time by arrival. */
  static final String KAFKA_TIMESTAMP = ParquetSchemas.KAFKA_TIMESTAMP;
  /**
   * Slack around the range on the {@code date} filter, in days. The writer files a state under
   * the UTC date of its own time; one day more on each side keeps a state whose partition came
   * from a slightly different clock (fetched_at against last_reported) and costs one directory.
   */
  private static final int DATE_SLACK_DAYS = 1;

  private final SparkSession spark;
  private final String basePath;
  private final boolean ownsSession;

  /** A reader on an existing session (stopped by its owner, not by {@link #close()}). */
  public ParquetHistoryReader(SparkSession spark, String basePath) {
    this(spark, basePath, false);
  }

  private ParquetHistoryReader(SparkSession spark, String basePath, boolean ownsSession) {
    this.spark = Objects.requireNonNull(spark, "spark");
    if (basePath == null || basePath.isBlank()) {
      throw new IllegalArgumentException("no Parquet history path given");
    }
    this.basePath = basePath.trim();
    this.ownsSession = ownsSession;
  }

  /**
   * A reader with its own local Spark session (local[2]), stopped by {@link #close()}.
   *
   * @param workDir Spark's scratch directory
   */
  public static ParquetHistoryReader local(String basePath, Path workDir) {
    SparkSession spark =
        SparkSessions.local("local[2]", SparkSessions.defaultPartitions("local[2]"), workDir);
    // Partition values stay strings: discovery would read date=2026-11-24 as a date and a
    // system named 007 as the integer 7, which no longer equals "007".
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    return new ParquetHistoryReader(spark, basePath, true);
  }

  @Override
  public String description() {
    return "the Parquet history at " + basePath;
  }

  @Override
  public TimeSeries read(HistoryRequest request) {
    try {
      return readOrThrow(request);
    } catch (NoHistoryException | InvalidHistoryRequestException | StorageException e) {
      throw e;
    } catch (Exception e) { // SparkException and friends: Scala declares no checked exceptions
      throw new StorageException(
          "cannot read the history of " + request.describe() + " from " + description() + ": "
              + firstLine(e.getMessage() != null ? e.getMessage() : e.toString()),
          e);
    }
  }

  private TimeSeries readOrThrow(HistoryRequest request) {
    Dataset<Row> data = load(request.subject());
    List<HistoryState> states = new ArrayList<>(collect(inRange(data, request), request));
    if (states.size() > HistoryRequest.MAX_STATES) {
      throw request.tooManyStates();
    }
    if (request.sampled()) {
      List<HistoryState> before = collect(lastBefore(data, request, true), request);
      if (before.isEmpty()) {
        before = collect(lastBefore(data, request, false), request);
      }
      states.addAll(0, before);
    }
    if (states.isEmpty() && isUnknown(data, request)) {
      throw unknown(data, request);
    }
    return AsOfSeries.build(request, states);
  }

  /** The dataset directory, read with its {@code _spark_metadata} log when it has one. */
  Dataset<Row> load(HistorySubject subject) {
    org.apache.hadoop.fs.Path dir =
        new org.apache.hadoop.fs.Path(ParquetHistoryJob.directory(basePath, stream(subject)));
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        throw new NoHistoryException("no Parquet history of " + subject.dataset() + " at " + dir
            + " (the pipeline writes it with --parquet PATH and storage.parquet.streams including "
            + subject.dataset() + ")");
      }
    } catch (IOException e) {
      throw new StorageException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    Dataset<Row> data;
    try {
      data = spark.read().parquet(dir.toString());
    } catch (
        Exception e) { // AnalysisException, SparkException: Scala declares no checked exceptions
      String message = String.valueOf(e.getMessage());
      // A directory without data files yet (or a streaming sink's empty metadata log).
      if (message.contains("UNABLE_TO_INFER_SCHEMA")) {
        throw new NoHistoryException(
            "no Parquet history of " + subject.dataset() + " at " + dir + " yet");
      }
      throw new StorageException(
          "cannot read the Parquet history at " + dir + ": " + firstLine(message), e);
    }
    data = withAddedColumns(data, stream(subject), dir.toString());
    List<String> missing = new ArrayList<>();
    Set<String> present = Set.of(data.columns());
    for (String name : required(subject)) {
      if (!present.contains(name)) {
        missing.add(name);
      }
    }
    List<String> timeFields = stream(subject).timeFields();
    if (timeFields.stream().noneMatch(present::contains)) {
      missing.add(String.join(" or ", timeFields));
    }
    if (!missing.isEmpty()) {
      throw new StorageException("the Parquet history at " + dir + " lacks the column(s) "
          + String.join(", ", missing) + "; it has " + String.join(", ", data.columns()));
    }
    return data;
  }

  /**
   * The history with the columns added to its stream since it began ({@link
   * ParquetSchemas#addedColumns}), null in files written before. Spark takes a directory's schema
   * from one file, without merging: in a history begun before a column existed that file can be an
   * old one, which would hide the column in every newer file too. Declaring the column makes Spark
   * read it where a file has it and give null elsewhere; it costs a second look at the schema
   * only while the inferred one lacks a column.
   */
  private Dataset<Row> withAddedColumns(Dataset<Row> data, ParquetStream stream, String dir) {
    StructType schema = data.schema();
    Set<String> present = Set.of(schema.fieldNames());
    for (String name : ParquetSchemas.addedColumns(stream)) {
      if (!present.contains(name)) {
        schema = schema.add(ParquetSchemas.json(stream).apply(name));
      }
    }
    return schema.size() == data.schema().size()
        ? data
        : spark.read().schema(schema).parquet(dir);
  }

  /** The written stream a subject's history comes from: its directory and time fields. */
  static ParquetStream stream(HistorySubject subject) {
    return switch (subject) {
      case STATION -> ParquetStream.STATIONS;
      case POSTCODE -> ParquetStream.POSTCODES;
      case LOCATION -> ParquetStream.WEATHER;
    };
  }

  private static List<String> required(HistorySubject subject) {
    List<String> names = new ArrayList<>();
    if (subject.hasSystem()) {
      names.add(HistorySubject.SYSTEM_COLUMN);
    }
    names.add(subject.keyColumn());
    subject.columns().stream().skip(1).map(HistoryColumn::name).forEach(names::add);
    return names;
  }

  /** The states in [from, to], ordered by time then arrival. */
  Dataset<Row> inRange(Dataset<Row> data, HistoryRequest request) {
    Column time = time(data, request.subject());
    return select(
            data.where(key(request)
                .and(dates(
                    data,
                    utcDate(request.from()).minusDays(DATE_SLACK_DAYS),
                    utcDate(request.to()).plusDays(DATE_SLACK_DAYS)))
                .and(time.geq(lit(Timestamp.from(request.from()))))
                .and(time.leq(lit(Timestamp.from(request.to()))))),
            data,
            request.subject(),
            true)
        .limit(HistoryRequest.MAX_STATES + 1);
  }

  /**
   * The last state before {@code from}: among the day before it (and its own day) when
   * {@code nearby}, else among every earlier day.
   */
  Dataset<Row> lastBefore(Dataset<Row> data, HistoryRequest request, boolean nearby) {
    LocalDate fromDate = utcDate(request.from());
    Column days = nearby
        ? dates(data, fromDate.minusDays(1 + DATE_SLACK_DAYS), fromDate.plusDays(DATE_SLACK_DAYS))
        : dates(data, null, fromDate.plusDays(DATE_SLACK_DAYS));
    Column time = time(data, request.subject());
    return select(
            data.where(key(request).and(days).and(time.lt(lit(Timestamp.from(request.from()))))),
            data,
            request.subject(),
            false)
        .limit(1);
  }

  /** The subject's columns, cast to one type per kind, ordered by time (ascending or not) then arrival. */
  private static Dataset<Row> select(
      Dataset<Row> rows, Dataset<Row> data, HistorySubject subject, boolean ascending) {
    List<HistoryColumn> columns = subject.columns();
    List<Column> selected = new ArrayList<>();
    selected.add(time(data, subject).as(columns.get(0).name()));
    for (HistoryColumn column : columns.subList(1, columns.size())) {
      selected.add(col(column.name()).cast(sparkType(column.kind())).as(column.name()));
    }
    boolean hasArrival = Arrays.asList(data.columns()).contains(KAFKA_TIMESTAMP);
    if (hasArrival) {
      selected.add(col(KAFKA_TIMESTAMP).as(KAFKA_TIMESTAMP));
    }
    Dataset<Row> projected = rows.select(selected.toArray(Column[]::new));
    Column byTime = ascending
        ? col(columns.get(0).name()).asc()
        : col(columns.get(0).name()).desc();
    if (!hasArrival) {
      return projected.orderBy(byTime);
    }
    // The state that AsOfSeries keeps among equal times comes first when reading backwards.
    boolean arrivalAscending = ascending || !subject.laterRevises();
    return projected.orderBy(
        byTime,
        arrivalAscending ? col(KAFKA_TIMESTAMP).asc() : col(KAFKA_TIMESTAMP).desc());
  }

  private List<HistoryState> collect(Dataset<Row> rows, HistoryRequest request) {
    List<HistoryColumn> columns = request.subject().columns();
    List<HistoryState> states = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      Instant time = (Instant) HistoryColumn.Kind.TIME.normalize(row.get(0));
      List<Object> values = new ArrayList<>(columns.size() - 1);
      for (int i = 1; i < columns.size(); i++) {
        values.add(columns.get(i).kind().normalize(row.get(i)));
      }
      states.add(new HistoryState(time, values));
    }
    return states;
  }

  /** The state's time: the first non-null of the stream's time fields the data has. */
  private static Column time(Dataset<Row> data, HistorySubject subject) {
    List<String> present = Arrays.asList(data.columns());
    Column[] sources = stream(subject).timeFields().stream()
        .filter(present::contains)
        .map(name -> col(name).cast(DataTypes.TimestampType))
        .toArray(Column[]::new);
    return sources.length == 1 ? sources[0] : coalesce(sources);
  }

  /** Key equality on text, whatever type partition discovery gave the column. */
  private static Column key(HistoryRequest request) {
    HistorySubject subject = request.subject();
    Column key = col(subject.keyColumn()).cast(DataTypes.StringType).equalTo(lit(request.key()));
    return subject.hasSystem() ? systemIs(request).and(key) : key;
  }

  /**
   * The request's system. A per-area record of a one-system run names none: null in the history
   * (and absent from files written before the column existed), which is the system {@code ""}.
   */
  private static Column systemIs(HistoryRequest request) {
    return system(request.subject()).equalTo(lit(request.system()));
  }

  private static Column system(HistorySubject subject) {
    Column system = col(HistorySubject.SYSTEM_COLUMN).cast(DataTypes.StringType);
    return subject == HistorySubject.STATION
        ? system
        : coalesce(system, lit(HistorySubject.NO_SYSTEM));
  }

  /**
   * Partition filter on {@code date} between two days (null = open), compared as yyyy-MM-dd text,
   * which sorts like the dates and works whether discovery typed the column as string or date.
   */
  private static Column dates(Dataset<Row> data, LocalDate first, LocalDate last) {
    if (!Arrays.asList(data.columns()).contains(DATE)) {
      return lit(true);
    }
    Column date = col(DATE).cast(DataTypes.StringType);
    Column upTo = date.leq(lit(last.toString()));
    return first == null ? upTo : date.geq(lit(first.toString())).and(upTo);
  }

  private static LocalDate utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static DataType sparkType(HistoryColumn.Kind kind) {
    return switch (kind) {
      case TIME -> DataTypes.TimestampType;
      case TEXT -> DataTypes.StringType;
      case INTEGER -> DataTypes.LongType;
      case DECIMAL -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }

  private boolean isUnknown(Dataset<Row> data, HistoryRequest request) {
    return data.where(key(request)).limit(1).isEmpty();
  }

  /** Lists the keys that do have history (a scan of the key columns: only on this error path). */
  private NoHistoryException unknown(Dataset<Row> data, HistoryRequest request) {
    HistorySubject subject = request.subject();
    Dataset<Row> scope = subject.hasSystem() ? data.where(systemIs(request)) : data;
    Dataset<Row> keys = scope
        .select(col(subject.keyColumn()).cast(DataTypes.StringType).as("k"))
        .where(col("k").isNotNull())
        .distinct()
        .cache();
    try {
      long count = keys.count();
      if (count == 0 && subject.hasSystem() && !request.system().isEmpty()) {
        List<String> systems = strings(data.select(system(subject).as("k"))
            .where(col("k").isNotNull())
            .distinct()
            .orderBy("k"));
        return NoHistoryException.unknownSystem(request, systems, description());
      }
      return NoHistoryException.unknownKey(
          request,
          strings(keys.orderBy("k").limit(NoHistoryException.KEYS_SHOWN)),
          count,
          description());
    } finally {
      keys.unpersist();
    }
  }

  private static List<String> strings(Dataset<Row> oneColumn) {
    return oneColumn.collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Stops the Spark session if this reader started it. */
  @Override
  public void close() {
    if (ownsSession) {
      spark.stop();
    }
  }
}
