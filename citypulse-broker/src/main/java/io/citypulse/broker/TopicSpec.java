package io.citypulse.broker;

import java.util.Map;
import java.util.Objects;

/** A topic to create: name, partition count, replication factor and topic-level configs. */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be >= 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": replication factor must be >= 1, got " + replicationFactor);
    }
    configs = configs == null ? Map.of() : Map.copyOf(configs);
  }

  /** A topic with replication factor 1 and no specific configs. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, (short) 1, Map.of());
  }
}
