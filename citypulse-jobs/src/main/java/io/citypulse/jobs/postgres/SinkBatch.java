package io.citypulse.jobs.postgres;

import io.citypulse.model.Json;
import io.citypulse.storage.sink.RecordTable;
import java.util.ArrayList;
import java.util.List;

/**
 * One micro-batch of Kafka values decoded into records of a stream, and the values that cannot be
 * stored with the reason why (they go to the dead-letter topic). Pure.
 */
public record SinkBatch<T>(List<T> records, List<Rejected> rejected) {

  /** A Kafka record as the sink reads it. */
  public record KafkaValue(
      String key, String value, String topic, int partition, long offset, long timestampMillis) {
    /** {@code topic/partition@offset}, the dead letter's {@code source}. */
    public String position() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  /** A value that cannot be stored. */
  public record Rejected(KafkaValue input, String reason, String detail) {}

  public static final String UNREADABLE = "unreadable-record";
  public static final String UNSTORABLE = "unstorable-record";

  /** Decodes every value as {@code type}; a value that is not such JSON, or lacks its key or time, is rejected. */
  public static <T> SinkBatch<T> decode(
      List<KafkaValue> values, Class<T> type, RecordTable<T> table) {
    List<T> records = new ArrayList<>(values.size());
    List<Rejected> rejected = new ArrayList<>();
    for (KafkaValue input : values) {
      if (input.value() == null || input.value().isBlank()) {
        rejected.add(new Rejected(input, UNREADABLE, "empty value"));
        continue;
      }
      T record;
      try {
        record = Json.read(input.value(), type);
      } catch (RuntimeException e) {
        rejected.add(
            new Rejected(input, UNREADABLE, "not a " + type.getSimpleName() + ": " + firstLine(e)));
        continue;
      }
      String problem = record == null ? "null" : table.problem().of(record);
      if (problem != null) {
        rejected.add(new Rejected(input, UNSTORABLE, problem));
      } else {
        records.add(record);
      }
    }
    return new SinkBatch<>(List.copyOf(records), List.copyOf(rejected));
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
