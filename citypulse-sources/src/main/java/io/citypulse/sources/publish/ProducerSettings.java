package io.citypulse.sources.publish;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The producer configuration of the sources: String keys, JSON bytes values, no loss, no duplicates. */
public final class ProducerSettings {
  private ProducerSettings() {}

  /**
   * Idempotent, {@code acks=all}, a short linger (a poll's records leave as a few batches).
   *
   * @param overrides any producer property, applied last (e.g. security settings)
   */
  public static Map<String, Object> producerConfig(
      String bootstrapServers, String clientId, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    // send() blocks the poller thread while metadata is missing (broker down): bound it, the
    // failure is then counted and the next poll tries again.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    config.putAll(overrides);
    return config;
  }

  public static Map<String, Object> producerConfig(String bootstrapServers, String clientId) {
    return producerConfig(bootstrapServers, clientId, Map.of());
  }
}
