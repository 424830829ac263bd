package io.citypulse.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets of a Spark Kafka source as Spark reports them ({@code {"topic":{"0":42,"1":17}}}), and
 * how many records lie beyond them.
 */
final class OffsetLag {
  private OffsetLag() {}

  /** The offsets in Spark's JSON, or null when it is missing or not offsets JSON. */
  static Map<TopicPartition, Long> offsets(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode root = Json.MAPPER.readTree(json);
      if (!root.isObject()) {
        return null;
      }
      Map<TopicPartition, Long> offsets = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = topics.next();
        for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields();
            partitions.hasNext(); ) {
          Map.Entry<String, JsonNode> partition = partitions.next();
          offsets.put(
              new TopicPartition(topic.getKey(), Integer.parseInt(partition.getKey())),
              partition.getValue().asLong(0));
        }
      }
      return offsets;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Records in {@code latest} beyond {@code done}, summed over partitions (a partition the batch
   * did not reach counts whole); null when either side is unknown.
   */
  static Long behind(Map<TopicPartition, Long> done, Map<TopicPartition, Long> latest) {
    if (done == null || latest == null) {
      return null;
    }
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> end : latest.entrySet()) {
      lag += Math.max(0, end.getValue() - done.getOrDefault(end.getKey(), 0L));
    }
    return lag;
  }

  /**
   * Each query's lag from one lookup of the latest offsets of every query's partitions: a query
   * counts only its own partitions.
   */
  static Map<String, Long> perQuery(
      Map<String, Map<TopicPartition, Long>> processed, Map<TopicPartition, Long> latest) {
    Map<String, Long> lag = new HashMap<>();
    processed.forEach((query, done) -> {
      Map<TopicPartition, Long> own = new HashMap<>(latest);
      own.keySet().retainAll(done.keySet());
      lag.put(query, behind(done, own));
    });
    return lag;
  }

  /** The first topic named in offsets JSON, or null. */
  static String topicOf(String offsets) {
    if (offsets == null) {
      return null;
    }
    try {
      Iterator<String> names = Json.MAPPER.readTree(offsets).fieldNames();
      return names.hasNext() ? names.next() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
