package io.citypulse.bench.engine;

import io.citypulse.model.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde of a record as the project's JSON ({@link Json}), as a user of these topics would write it. */
final class JsonSerde {
  private JsonSerde() {}

  static <T> Serde<T> of(Class<T> type) {
    Serializer<T> serializer = (topic, value) -> value == null ? null : Json.write(value);
    Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : Json.read(bytes, type);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
