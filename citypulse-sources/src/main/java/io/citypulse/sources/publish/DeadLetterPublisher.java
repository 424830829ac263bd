package io.citypulse.sources.publish;

import io.citypulse.model.DeadLetterHeaders;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetter;
import io.citypulse.sources.poll.DeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes unreadable input to the dead-letter topic: value = the raw payload, key = the source
 * URL, headers {@code source}, {@code reason}, {@code timestamp} (ISO-8601). Never throws; the
 * producer is the caller's.
 */
public final class DeadLetterPublisher implements DeadLetterSink {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

  public static final String HEADER_SOURCE = DeadLetterHeaders.SOURCE;
  public static final String HEADER_REASON = DeadLetterHeaders.REASON;
  public static final String HEADER_TIMESTAMP = DeadLetterHeaders.TIMESTAMP;
  /** Dead letters that could not be written (the poller counts those routed: dead_letters). */
  public static final String FAILED = "dead_letters.failed";

  /** Header values are cut here: a reason is for people, not a second payload. */
  private static final int MAX_HEADER_CHARS = 2_000;

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Counters counters;

  public DeadLetterPublisher(Producer<String, byte[]> producer, String topic, Counters counters) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void deadLetter(DeadLetter letter) {
    String source = String.valueOf(letter.source());
    RecordHeaders headers = new RecordHeaders();
    headers.add(HEADER_SOURCE, utf8(source));
    headers.add(HEADER_REASON, utf8(letter.reason()));
    headers.add(HEADER_TIMESTAMP, utf8(String.valueOf(letter.at())));
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(
        topic,
        null,
        letter.at() == null ? null : letter.at().toEpochMilli(),
        source,
        letter.payload(),
        headers);
    try {
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          failed(source, error);
        }
      });
    } catch (RuntimeException e) {
      failed(source, e);
    }
  }

  private void failed(String source, Exception error) {
    counters.increment(FAILED);
    LOG.warn("Could not dead-letter input from {} to {}: {}", source, topic, error.toString());
  }

  private static byte[] utf8(String value) {
    String text = value == null ? "" : value;
    if (text.length() > MAX_HEADER_CHARS) {
      text = text.substring(0, MAX_HEADER_CHARS) + "...";
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
