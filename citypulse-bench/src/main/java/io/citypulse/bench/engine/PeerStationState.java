package io.citypulse.bench.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.model.StationRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the Kafka Streams peer keeps per station: only the fields the totals need, as the Spark
 * job keeps (its StationState), with a small binary serde for the state stores and the
 * repartition topic. A user who cares about throughput writes this rather than keeping the whole
 * JSON record in RocksDB. {@code mechanical} and {@code ebike} stay null when the feed gives no
 * breakdown by propulsion (unknown is not 0), as in the job.
 */
record PeerStationState(
    String postcode,
    String commune,
    int bikes,
    Integer mechanical,
    Integer ebike,
    int docks,
    int capacity,
    Long lastReportedMicros,
    Long fetchedAtMicros) {

  /** The input fields the peer reads (the JSON has more; the mapper ignores unknown fields). */
  record InputFields(
      @JsonProperty("postcode") String postcode,
      @JsonProperty("commune") String commune,
      @JsonProperty("capacity") Integer capacity,
      @JsonProperty("bikes_available") Integer bikes,
      @JsonProperty("mechanical") Integer mechanical,
      @JsonProperty("ebike") Integer ebike,
      @JsonProperty("docks_available") Integer docks,
      @JsonProperty("last_reported") Instant lastReported,
      @JsonProperty("fetched_at") Instant fetchedAt) {}

  private static final Comparator<Long> NULL_OLDEST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  /** (last_reported, fetched_at), missing oldest: the job's order. */
  static final Comparator<PeerStationState> NEWNESS = Comparator.comparing(
          PeerStationState::lastReportedMicros, NULL_OLDEST)
      .thenComparing(PeerStationState::fetchedAtMicros, NULL_OLDEST);

  static PeerStationState of(InputFields in) {
    String postcode = in.postcode() == null || in.postcode().isBlank()
        ? StationRecord.UNKNOWN_POSTCODE
        : in.postcode();
    return new PeerStationState(
        postcode,
        in.commune(),
        orZero(in.bikes()),
        in.mechanical(),
        in.ebike(),
        orZero(in.docks()),
        orZero(in.capacity()),
        micros(in.lastReported()),
        micros(in.fetchedAt()));
  }

  /** The freshest instant this state tells about: fetched_at, else last_reported. */
  Long freshnessMicros() {
    return fetchedAtMicros != null ? fetchedAtMicros : lastReportedMicros;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static Long micros(Instant instant) {
    return instant == null
        ? null
        : instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  static final Serde<PeerStationState> SERDE = Serdes.serdeFrom(
      (Serializer<PeerStationState>) (topic, s) -> s == null ? null : s.toBytes(),
      (Deserializer<PeerStationState>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  byte[] toBytes() {
    byte[] pc = postcode.getBytes(StandardCharsets.UTF_8);
    byte[] cm = commune == null ? null : commune.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(
        4 + pc.length + 4 + (cm == null ? 0 : cm.length) + 3 * 4 + 2 * 5 + 2 * 9);
    putBytes(buf, pc);
    putBytes(buf, cm);
    buf.putInt(bikes);
    putInt(buf, mechanical);
    putInt(buf, ebike);
    buf.putInt(docks).putInt(capacity);
    putLong(buf, lastReportedMicros);
    putLong(buf, fetchedAtMicros);
    return buf.array();
  }

  static PeerStationState fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    String postcode = getString(buf);
    String commune = getString(buf);
    return new PeerStationState(
        postcode,
        commune,
        buf.getInt(),
        getInt(buf),
        getInt(buf),
        buf.getInt(),
        buf.getInt(),
        getLong(buf),
        getLong(buf));
  }

  static void putInt(ByteBuffer buf, Integer value) {
    buf.put((byte) (value == null ? 0 : 1)).putInt(value == null ? 0 : value);
  }

  static Integer getInt(ByteBuffer buf) {
    boolean present = buf.get() == 1;
    int value = buf.getInt();
    return present ? value : null;
  }

  static void putBytes(ByteBuffer buf, byte[] bytes) {
    buf.putInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      buf.put(bytes);
    }
  }

  static String getString(ByteBuffer buf) {
    int length = buf.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    buf.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static void putLong(ByteBuffer buf, Long value) {
    buf.put((byte) (value == null ? 0 : 1)).putLong(value == null ? 0 : value);
  }

  static Long getLong(ByteBuffer buf) {
    boolean present = buf.get() == 1;
    long value = buf.getLong();
    return present ? value : null;
  }
}
