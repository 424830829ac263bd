package io.citypulse.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Records a Kafka source of a Spark query has not read yet, from its progress: the latest offsets
 * Spark saw minus the end offsets of its last batch, summed over partitions. Spark reports both as
 * JSON ({@code {"topic":{"0":42,"1":17}}}).
 */
final class OffsetLag {
  private OffsetLag() {}

  /** The lag, or null when either side is missing or not offsets JSON. */
  static Long between(String endOffsets, String latestOffsets) {
    if (endOffsets == null || latestOffsets == null) {
      return null;
    }
    try {
      JsonNode end = Json.MAPPER.readTree(endOffsets);
      JsonNode latest = Json.MAPPER.readTree(latestOffsets);
      if (!latest.isObject()) {
        return null;
      }
      long lag = 0;
      for (Iterator<Map.Entry<String, JsonNode>> topics = latest.fields(); topics.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = topics.next();
        for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields(); partitions.hasNext(); ) {
          Map.Entry<String, JsonNode> partition = partitions.next();
          long done = end.path(topic.getKey()).path(partition.getKey()).asLong(0);
          lag += Math.max(0, partition.getValue().asLong(0) - done);
        }
      }
      return lag;
    } catch (Exception e) {
      return null;
    }
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
