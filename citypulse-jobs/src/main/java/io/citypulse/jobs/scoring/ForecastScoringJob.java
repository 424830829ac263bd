package io.citypulse.jobs.scoring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_seconds;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.citypulse.forecast.HorizonForecast;
import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StationForecast;
import io.citypulse.forecast.StationState;
import io.citypulse.jobs.parquet.ParquetSchemas;
import io.citypulse.jobs.parquet.ParquetStream;
import io.citypulse.jobs.spark.KafkaInput;
import io.citypulse.model.Json;
import io.citypulse.model.StationForecastRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live forecast scoring: station records in, one forecast record per changed station out
 * ({@code citypulse-forecasts}).
 *
 * <p>Executors keep each station's last hour of states in the state store ({@link
 * RecentStatesFunction}: a restart resumes with them, so the "change over the last hour"
 * features are right at once). The driver applies the model: it asks the {@link
 * ForecasterSource} once per batch, so a newly trained model is used from the next batch on
 * without a restart, and the model never has to reach the executors (on a cluster the state dir
 * it lives in is the driver's). No model yet: nothing is published and the stations are counted
 * as unscored; each is scored again within {@code refresh} once a model is there.
 *
 * <p>Unreadable station records are skipped here: the availability job, which reads the same
 * topic, dead-letters them already.
 */
public final class ForecastScoringJob {
  private static final Logger LOG = LoggerFactory.getLogger(ForecastScoringJob.class);

  /** Name of the streaming query. */
  public static final String QUERY_NAME = "station-forecasts";

  /** How far back the features look (the longest change feature), plus a margin. */
  static final Duration LOOKBACK = Duration.ofMinutes(65);

  /** The rows the per-station function reads. */
  static final StructType INPUT = new StructType()
      .add("key", DataTypes.StringType)
      .add("system", DataTypes.StringType)
      .add("station_code", DataTypes.StringType)
      .add("time", DataTypes.LongType)
      .add("now", DataTypes.LongType)
      .add("bikes", DataTypes.IntegerType)
      .add("docks", DataTypes.IntegerType)
      .add("capacity", DataTypes.IntegerType)
      .add("mechanical", DataTypes.IntegerType)
      .add("ebike", DataTypes.IntegerType);

  /** The rows of stations due a forecast. */
  static final StructType DUE = new StructType()
      .add("key", DataTypes.StringType)
      .add("system", DataTypes.StringType)
      .add("station_code", DataTypes.StringType)
      .add("now", DataTypes.LongType)
      .add("states", DataTypes.BinaryType);

  private static final StructType KAFKA_OUT =
      new StructType().add("key", DataTypes.StringType).add("value", DataTypes.StringType);

  private final SparkSession spark;
  private final ForecastJobSettings settings;
  private final ForecasterSource models;
  private final ForecastScoringStatus status = new ForecastScoringStatus();
  private final Clock clock;
  private String loggedModel;

  public ForecastScoringJob(
      SparkSession spark, ForecastJobSettings settings, ForecasterSource models, Clock clock) {
    this.spark = spark;
    this.settings = settings;
    this.models = models;
    this.clock = clock;
  }

  public ForecastScoringStatus status() {
    return status;
  }

  /** Starts the query and returns at once. */
  public StreamingQuery start() throws TimeoutException {
    Dataset<Row> input = KafkaInput.reader(
            spark,
            settings.bootstrapServers(),
            settings.stationsTopic(),
            settings.startingOffsets())
        .load();
    VoidFunction2<Dataset<Row>, Long> publish = (batch, batchId) -> publish(batch, batchId);
    return due(input, settings.refresh())
        .writeStream()
        .queryName(QUERY_NAME)
        .option("checkpointLocation", settings.checkpointLocation())
        .outputMode(OutputMode.Append())
        .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
        .foreachBatch(publish)
        .start();
  }

  /** Kafka rows of station records to the stations due a forecast, in {@link #DUE} order. */
  static Dataset<Row> due(Dataset<Row> kafkaRows, Duration refresh) {
    Column json = from_json(
        col("value").cast(DataTypes.StringType), ParquetSchemas.json(ParquetStream.STATIONS));
    Column record = col("r");
    Column time = coalesce(record.getField("last_reported"), record.getField("fetched_at"));
    Column capacity = record.getField("capacity");
    Column bikes = record.getField("bikes_available");
    Column docks = coalesce(record.getField("docks_available"), capacity.minus(bikes), lit(0));
    Dataset<Row> rows = kafkaRows
        .select(json.as("r"))
        .where(record
            .isNotNull()
            .and(record.getField("station_code").isNotNull())
            .and(bikes.isNotNull())
            .and(time.isNotNull()))
        .select(
            coalesce(record.getField("system"), lit("")).as("system_or_empty"),
            record.getField("system").as("system"),
            record.getField("station_code").as("station_code"),
            unix_seconds(time).as("time"),
            unix_seconds(greatest(time, coalesce(record.getField("fetched_at"), time)))
                .as("now"),
            bikes.as("bikes"),
            docks.as("docks"),
            coalesce(capacity, bikes.plus(docks)).as("capacity"),
            coalesce(record.getField("mechanical"), lit(-1)).as("mechanical"),
            coalesce(record.getField("ebike"), lit(-1)).as("ebike"));
    Dataset<Row> keyed = rows.select(
        org.apache
            .spark
            .sql
            .functions
            .concat_ws(":", col("system_or_empty"), col("station_code"))
            .as("key"),
        col("system"),
        col("station_code"),
        col("time"),
        col("now"),
        col("bikes"),
        col("docks"),
        col("capacity"),
        col("mechanical"),
        col("ebike"));
    return keyed
        .groupBy(col("key"))
        .as(Encoders.STRING(), Encoders.row(INPUT))
        .flatMapGroupsWithState(
            new RecentStatesFunction(LOOKBACK, refresh),
            OutputMode.Append(),
            Encoders.BINARY(),
            Encoders.row(DUE),
            GroupStateTimeout.NoTimeout());
  }

  private void publish(Dataset<Row> batch, long batchId) {
    List<Row> due = batch.collectAsList();
    Optional<ForecasterSource.Model> model = models.current();
    if (model.isEmpty()) {
      if (!due.isEmpty()) {
        status.batch(0, due.size(), 0, null, clock.instant());
        if (loggedModel == null || !loggedModel.isEmpty()) {
          LOG.info(
              "no forecast model yet: {} station(s) not forecast (run 'citypulse forecast"
                  + " train'; the job picks the model up without a restart)",
              due.size());
          loggedModel = "";
        }
      }
      return;
    }
    if (!model.get().id().equals(loggedModel)) {
      LOG.info("forecasting with model {}", model.get().id());
      loggedModel = model.get().id();
    }
    List<Row> out = new ArrayList<>(due.size());
    int failed = 0;
    for (Row row : due) {
      try {
        StationForecastRecord record = score(model.get(), row);
        out.add(RowFactory.create(row.getString(0), Json.MAPPER.writeValueAsString(record)));
      } catch (RuntimeException | JsonProcessingException e) {
        failed++;
        if (failed == 1) {
          LOG.warn(
              "batch {}: cannot forecast station {}: {}", batchId, row.getString(0), e.toString());
        }
      }
    }
    if (!out.isEmpty()) {
      spark
          .createDataFrame(out, KAFKA_OUT)
          .write()
          .format("kafka")
          .option("kafka.bootstrap.servers", settings.bootstrapServers())
          .option("topic", settings.forecastsTopic())
          .save();
    }
    status.batch(out.size(), 0, failed, model.get().id(), clock.instant());
  }

  /** The forecast record of one due station. */
  static StationForecastRecord score(ForecasterSource.Model model, Row due) {
    String key = due.getString(0);
    long now = due.getLong(3);
    RecentStates recent = RecentStates.decode((byte[]) due.get(4));
    StateLog.Station station = recent.station(key);
    StationState state = station.stateAt(now);
    StationForecast forecast = model.forecaster().forecast(station, now);
    List<StationForecastRecord.Horizon> horizons = new ArrayList<>();
    for (HorizonForecast h : forecast.horizons()) {
      horizons.add(new StationForecastRecord.Horizon(
          (int) (h.horizonSeconds() / 60),
          round(h.bikes(), 100),
          round(h.docks(), 100),
          round(h.probabilityEmpty(), 1000),
          round(h.probabilityFull(), 1000)));
    }
    return new StationForecastRecord(
        due.getString(1),
        due.getString(2),
        Instant.ofEpochSecond(now),
        Instant.ofEpochSecond(state.time()),
        model.id(),
        state.capacity(),
        state.bikes(),
        state.docks(),
        horizons);
  }

  private static double round(double value, double scale) {
    return Math.round(value * scale) / scale;
  }
}
