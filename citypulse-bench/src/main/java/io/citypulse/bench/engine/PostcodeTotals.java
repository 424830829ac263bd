package io.citypulse.bench.engine;

import io.citypulse.model.PostcodeAvailability;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Running per-postcode sums of the Kafka Streams peer: the KTable aggregate that
 * {@code adder}/{@code subtractor} maintain as stations' latest states come and go.
 */
record PostcodeTotals(int stations, long bikes, long mechanical, long ebike, long docks, long capacity,
    Long updatedAtMicros, String commune) {

  static PostcodeTotals empty() {
    return new PostcodeTotals(0, 0, 0, 0, 0, 0, null, null);
  }

  /** A station's latest state joins the postcode: sums grow, updated_at is the freshest seen. */
  PostcodeTotals plus(PeerStationState s) {
    Long fresh = s.freshnessMicros();
    Long updated = updatedAtMicros == null || (fresh != null && fresh > updatedAtMicros) ? fresh : updatedAtMicros;
    return new PostcodeTotals(stations + 1, bikes + s.bikes(), mechanical + s.mechanical(), ebike + s.ebike(),
        docks + s.docks(), capacity + s.capacity(), updated, s.commune() != null ? s.commune() : commune);
  }

  /**
   * A station's previous state leaves. updated_at cannot be "un-maxed" without keeping every
   * station per postcode, so it stays: with fetched_at increasing, the state added next (same
   * station, same postcode) is the freshest anyway.
   */
  PostcodeTotals minus(PeerStationState s) {
    return new PostcodeTotals(stations - 1, bikes - s.bikes(), mechanical - s.mechanical(), ebike - s.ebike(),
        docks - s.docks(), capacity - s.capacity(), updatedAtMicros, commune);
  }

  PostcodeAvailability toAvailability(String postcode) {
    Instant updated = updatedAtMicros == null ? null : Instant.ofEpochSecond(
        Math.floorDiv(updatedAtMicros, 1_000_000L), Math.floorMod(updatedAtMicros, 1_000_000L) * 1_000L);
    return new PostcodeAvailability(postcode, commune, stations, bikes, mechanical, ebike, docks, capacity, updated);
  }

  static final Serde<PostcodeTotals> SERDE = Serdes.serdeFrom(
      (Serializer<PostcodeTotals>) (topic, t) -> t == null ? null : t.toBytes(),
      (Deserializer<PostcodeTotals>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  byte[] toBytes() {
    byte[] cm = commune == null ? null : commune.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(4 + 5 * 8 + 9 + 4 + (cm == null ? 0 : cm.length));
    buf.putInt(stations).putLong(bikes).putLong(mechanical).putLong(ebike).putLong(docks).putLong(capacity);
    PeerStationState.putLong(buf, updatedAtMicros);
    PeerStationState.putBytes(buf, cm);
    return buf.array();
  }

  static PostcodeTotals fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    return new PostcodeTotals(buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(),
        buf.getLong(), PeerStationState.getLong(buf), PeerStationState.getString(buf));
  }
}
