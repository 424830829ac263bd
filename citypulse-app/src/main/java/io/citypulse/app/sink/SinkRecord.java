package io.citypulse.app.sink;

/**
 * One record of a result topic, decoded.
 *
 * @param stream the result stream ({@code stations}, {@code postcodes}, {@code weather})
 * @param value the decoded model record ({@code StationRecord}, {@code PostcodeAvailability},
 *     {@code WeatherFeatures})
 * @param json the record's value as it was in the topic
 */
public record SinkRecord(
    String stream,
    String topic,
    int partition,
    long offset,
    String key,
    Object value,
    String json,
    long timestampMillis) {

  /** This record with its decoded value. */
  public SinkRecord withValue(Object decoded) {
    return new SinkRecord(stream, topic, partition, offset, key, decoded, json, timestampMillis);
  }

  /** Where the record was read: {@code topic/partition@offset}, for logs and dead letters. */
  public String position() {
    return topic + "/" + partition + "@" + offset;
  }
}
