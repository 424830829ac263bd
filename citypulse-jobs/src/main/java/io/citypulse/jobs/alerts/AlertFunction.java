package io.citypulse.jobs.alerts;

import io.citypulse.alerts.Alert;
import io.citypulse.alerts.AlertRules;
import io.citypulse.alerts.AlertSettings;
import io.citypulse.alerts.HealthRules;
import io.citypulse.alerts.SubjectState;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The stateful step of the alerts job, per subject: the subject's {@link SubjectState} (as bytes in
 * the state store) through {@link AlertRules}, one output row per alert record plus, when the
 * batch had out-of-order records of the subject, one bookkeeping row (null value) counting them.
 *
 * <p>Rows apply in Kafka order (partition, offset): a subject's records share a partition (they
 * share a key), so the outcome does not depend on how batches are cut; a record older than the
 * subject's newest is ignored and counted, whichever batch it comes in.
 *
 * <p>The event-time timeout is the subject's next deadline (a pending raise, a recovering clear):
 * when the watermark passes it with no new record, the state advances to the watermark and the
 * due record is published with the deadline as its time. A subject with nothing open keeps its
 * state (its newest event time) for {@link #IDLE_EXPIRY}, then the state is removed.
 */
final class AlertFunction implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {
  private static final long serialVersionUID = 1L;

  /** How long the newest event time of a subject with no open episode is kept. */
  static final Duration IDLE_EXPIRY = Duration.ofDays(1);

  /** Output: {@code value} = Alert JSON, or null on a bookkeeping row. */
  static final StructType OUTPUT_SCHEMA = new StructType()
      .add("subject", DataTypes.StringType)
      .add("value", DataTypes.StringType)
      .add("raised", DataTypes.LongType, false)
      .add("cleared", DataTypes.LongType, false)
      .add("out_of_order", DataTypes.LongType, false);

  private final AlertSettings settings;
  private transient AlertRules rules;

  AlertFunction(AlertSettings settings) {
    this.settings = settings;
  }

  @Override
  public Iterator<Row> call(String subject, Iterator<Row> rows, GroupState<byte[]> state) {
    if (rules == null) {
      rules = settings.rules();
    }
    SubjectState current = state.exists() ? SubjectState.decode(state.get()) : SubjectState.empty();
    long watermarkMs = watermarkMs(state);
    List<Alert> alerts = new ArrayList<>();
    long outOfOrder = 0;
    if (state.hasTimedOut()) {
      SubjectState.Outcome outcome = current.advance(subject, Instant.ofEpochMilli(watermarkMs));
      alerts.addAll(outcome.alerts());
      current = outcome.state();
    } else {
      List<Row> incoming = new ArrayList<>();
      rows.forEachRemaining(incoming::add);
      incoming.sort(Comparator.comparingLong((Row r) -> r.getInt(AlertTransforms.PARTITION_INDEX))
          .thenComparingLong(r -> r.getLong(AlertTransforms.OFFSET_INDEX)));
      for (Row row : incoming) {
        SubjectState.Outcome outcome = apply(current, subject, row);
        if (outcome == null) {
          continue;
        }
        alerts.addAll(outcome.alerts());
        outOfOrder += outcome.ignored() ? 1 : 0;
        current = outcome.state();
      }
    }

    Instant deadline = current.nextDeadline();
    if (deadline == null
        && current.lastAt() != null
        && !current.lastAt().plus(IDLE_EXPIRY).isAfter(Instant.ofEpochMilli(watermarkMs))) {
      state.remove();
    } else {
      state.update(current.encode());
      Instant timeout = deadline != null
          ? deadline
          : current.lastAt() == null
              ? Instant.ofEpochMilli(watermarkMs)
              : current.lastAt().plus(IDLE_EXPIRY);
      // Never before the watermark (Spark refuses that).
      state.setTimeoutTimestamp(Math.max(timeout.toEpochMilli(), watermarkMs));
    }

    List<Row> out = new ArrayList<>(alerts.size() + 1);
    for (Alert alert : alerts) {
      out.add(RowFactory.create(
          subject,
          Json.writeString(alert),
          alert.isRaised() ? 1L : 0L,
          alert.isRaised() ? 0L : 1L,
          0L));
    }
    if (outOfOrder > 0) {
      out.add(RowFactory.create(subject, null, 0L, 0L, outOfOrder));
    }
    return out.iterator();
  }

  /** One input row through the rules; null when the row holds nothing for this subject. */
  private SubjectState.Outcome apply(SubjectState current, String subject, Row row) {
    AlertInput.Kind kind = AlertInput.Kind.valueOf(row.getString(AlertTransforms.INPUT_INDEX));
    byte[] value = (byte[]) row.get(AlertTransforms.VALUE_INDEX);
    // The rows were parsed and checked upstream; parsing again is cheaper than carrying typed
    // columns of four record types through the shuffle.
    switch (kind) {
      case STATION:
        return rules.station(current, Json.read(value, StationRecord.class));
      case POSTCODE:
        return rules.postcode(current, Json.read(value, PostcodeAvailability.class));
      case WEATHER:
        return rules.weather(current, Json.read(value, WeatherFeatures.class));
      case HEALTH:
        for (HealthRules.Reading reading : HealthRules.readings(value)) {
          if (reading.subject().equals(subject)) {
            return rules.health(current, reading);
          }
        }
        return null;
      default:
        throw new IllegalStateException("unknown input " + kind);
    }
  }

  /** The batch's watermark; a static Dataset has none (every record is on time). */
  private static long watermarkMs(GroupState<byte[]> state) {
    try {
      return state.getCurrentWatermarkMs();
    } catch (UnsupportedOperationException e) {
      return 0L;
    }
  }
}
