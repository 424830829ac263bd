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
 *
 * <p>The job's rule for a split: {@code mechanical} sums the stations that give a mechanical
 * count and is null when none does (the same for {@code ebike}); {@code untyped} sums the bikes of
 * stations giving neither. A sum cannot tell "no station gave it" once stations leave, so the
 * number of stations behind each split sum is kept beside it.
 */
record PostcodeTotals(
    int stations,
    long bikes,
    long mechanical,
    int mechanicalStations,
    long ebike,
    int ebikeStations,
    long untyped,
    long docks,
    long capacity,
    Long updatedAtMicros,
    String commune) {

  static PostcodeTotals empty() {
    return new PostcodeTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
  }

  /** A station's latest state joins the postcode: sums grow, updated_at is the freshest seen. */
  PostcodeTotals plus(PeerStationState s) {
    Long fresh = s.freshnessMicros();
    Long updated = updatedAtMicros == null || (fresh != null && fresh > updatedAtMicros)
        ? fresh
        : updatedAtMicros;
    return new PostcodeTotals(
        stations + 1,
        bikes + s.bikes(),
        mechanical + orZero(s.mechanical()),
        mechanicalStations + given(s.mechanical()),
        ebike + orZero(s.ebike()),
        ebikeStations + given(s.ebike()),
        untyped + untyped(s),
        docks + s.docks(),
        capacity + s.capacity(),
        updated,
        s.commune() != null ? s.commune() : commune);
  }

  /**
   * A station's previous state leaves. updated_at cannot be "un-maxed" without keeping every
   * station per postcode, so it stays: with fetched_at increasing, the state added next (same
   * station, same postcode) is the freshest anyway.
   */
  PostcodeTotals minus(PeerStationState s) {
    return new PostcodeTotals(
        stations - 1,
        bikes - s.bikes(),
        mechanical - orZero(s.mechanical()),
        mechanicalStations - given(s.mechanical()),
        ebike - orZero(s.ebike()),
        ebikeStations - given(s.ebike()),
        untyped - untyped(s),
        docks - s.docks(),
        capacity - s.capacity(),
        updatedAtMicros,
        commune);
  }

  private static long orZero(Integer count) {
    return count == null ? 0 : count;
  }

  private static int given(Integer count) {
    return count == null ? 0 : 1;
  }

  private static long untyped(PeerStationState s) {
    return s.mechanical() == null && s.ebike() == null ? s.bikes() : 0;
  }

  PostcodeAvailability toAvailability(String postcode) {
    Instant updated = updatedAtMicros == null
        ? null
        : Instant.ofEpochSecond(
            Math.floorDiv(updatedAtMicros, 1_000_000L),
            Math.floorMod(updatedAtMicros, 1_000_000L) * 1_000L);
    return new PostcodeAvailability(
        postcode,
        commune,
        stations,
        bikes,
        mechanicalStations > 0 ? mechanical : null,
        ebikeStations > 0 ? ebike : null,
        docks,
        capacity,
        updated,
        untyped);
  }

  static final Serde<PostcodeTotals> SERDE = Serdes.serdeFrom(
      (Serializer<PostcodeTotals>) (topic, t) -> t == null ? null : t.toBytes(),
      (Deserializer<PostcodeTotals>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  byte[] toBytes() {
    byte[] cm = commune == null ? null : commune.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(3 * 4 + 6 * 8 + 9 + 4 + (cm == null ? 0 : cm.length));
    buf.putInt(stations)
        .putLong(bikes)
        .putLong(mechanical)
        .putInt(mechanicalStations)
        .putLong(ebike)
        .putInt(ebikeStations)
        .putLong(untyped)
        .putLong(docks)
        .putLong(capacity);
    PeerStationState.putLong(buf, updatedAtMicros);
    PeerStationState.putBytes(buf, cm);
    return buf.array();
  }

  static PostcodeTotals fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    return new PostcodeTotals(
        buf.getInt(),
        buf.getLong(),
        buf.getLong(),
        buf.getInt(),
        buf.getLong(),
        buf.getInt(),
        buf.getLong(),
        buf.getLong(),
        buf.getLong(),
        PeerStationState.getLong(buf),
        PeerStationState.getString(buf));
  }
}
