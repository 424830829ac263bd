package io.citypulse.jobs.availability;

import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.SystemTotals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals of one area, kept by the area step of the availability job: the sums over
 * the latest state of each of the area's stations, maintained by adding a station's share when it
 * arrives (or changes) and taking its previous share back. Pure, no Spark.
 *
 * <p>The same class holds a batch's changes to an area (signed sums, possibly negative), which
 * {@link #add} combines; its {@link #encode} format carries them between the steps.
 *
 * <p>Why sums can be kept rather than recomputed: the station step holds each station's previous
 * state and sends its exact previous share with a minus sign, in the same micro-batch as the new
 * one, and both steps' states are committed with the Kafka offsets. So the totals always equal a
 * recomputation over the latest states, which the tests check against an independent sum.
 *
 * <p>Unknown is not zero: a split (mechanical, e-bike) is summed over the stations that give it,
 * and the number of those stations is kept, so the split becomes null again when the last station
 * giving it leaves or loses its breakdown. The commune is the most frequent non-null commune of the
 * area's stations (ties: alphabetical), so the count of each commune is kept.
 */
final class AreaTotals {

  /** The format of {@link #encode}. */
  static final byte VERSION = 1;

  private int stations;
  private long bikes;
  private long mechanical;
  private int stationsWithMechanical;
  private long ebike;
  private int stationsWithEbike;
  private long untyped;
  private long docks;
  private long capacity;
  /** The freshest instant of the changes applied to this area, epoch microseconds; or null. */
  private Long updatedMicros;

  private final Map<String, Integer> communes = new TreeMap<>();

  /**
   * Adds ({@code sign} = +1) or takes back ({@code sign} = -1) one station's share. {@code
   * changeMicros} is the freshness of the record that caused the change (null if it had no time).
   *
   * <p>The order of the changes of one batch does not matter: sums commute, and the freshest
   * change wins. Call {@link #checkConsistent} once they are all applied.
   */
  void apply(int sign, StationShare share, Long changeMicros) {
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("sign must be +1 or -1, got " + sign);
    }
    stations += sign;
    bikes += sign * (long) share.bikes();
    if (share.mechanical() != null) {
      mechanical += sign * (long) share.mechanical();
      stationsWithMechanical += sign;
    }
    if (share.ebike() != null) {
      ebike += sign * (long) share.ebike();
      stationsWithEbike += sign;
    }
    if (share.mechanical() == null && share.ebike() == null) {
      untyped += sign * (long) share.bikes();
    }
    docks += sign * (long) share.docks();
    capacity += sign * (long) share.capacity();
    if (share.commune() != null) {
      communes.merge(share.commune(), sign, (a, b) -> a + b == 0 ? null : a + b);
    }
    if (changeMicros != null && (updatedMicros == null || changeMicros > updatedMicros)) {
      updatedMicros = changeMicros;
    }
  }

  /**
   * Adds another set of sums: a batch's changes to one area, combined where they are made (so the
   * shuffle to the area step carries one row per area and partition, not two per station), then
   * added to the area's totals. Sums commute; the freshest change wins.
   */
  void add(AreaTotals other) {
    stations += other.stations;
    bikes += other.bikes;
    mechanical += other.mechanical;
    stationsWithMechanical += other.stationsWithMechanical;
    ebike += other.ebike;
    stationsWithEbike += other.stationsWithEbike;
    untyped += other.untyped;
    docks += other.docks;
    capacity += other.capacity;
    other.communes.forEach(
        (name, count) -> communes.merge(name, count, (a, b) -> a + b == 0 ? null : a + b));
    if (other.updatedMicros != null
        && (updatedMicros == null || other.updatedMicros > updatedMicros)) {
      updatedMicros = other.updatedMicros;
    }
  }

  /** One station's share, added (+1) or taken back (-1), as sums to {@link #add}. */
  static AreaTotals share(int sign, StationShare share, Long changeMicros) {
    AreaTotals delta = new AreaTotals();
    delta.apply(sign, share, changeMicros);
    return delta;
  }

  /**
   * @throws IllegalStateException if more stations were taken back than were ever added: the
   *     station step only takes back what it added, so this means a broken state
   */
  void checkConsistent(String area) {
    if (stations < 0 || stationsWithMechanical < 0 || stationsWithEbike < 0) {
      throw new IllegalStateException("the totals of area " + area + " count " + stations
          + " stations: a station was taken back that was never added; delete the job's"
          + " checkpoint to rebuild its state from the input topic");
    }
  }

  /** No station left: the state can be dropped once its zero totals have been sent. */
  boolean isEmpty() {
    return stations == 0;
  }

  /**
   * The totals as the model record. {@code updated_at} is the freshest change applied to the area
   * (an arrival, an update or a departure): derived from the data only, so a replay gives the same
   * value.
   *
   * @param system the area's system when several run at once (the record then names it); null
   *     with one system
   */
  PostcodeAvailability toAvailability(String area, String system) {
    return new PostcodeAvailability(
        area,
        mostCommonCommune(),
        stations,
        bikes,
        stationsWithMechanical > 0 ? Long.valueOf(mechanical) : null,
        stationsWithEbike > 0 ? Long.valueOf(ebike) : null,
        docks,
        capacity,
        updatedMicros == null ? null : StationState.instantOfMicros(updatedMicros),
        untyped,
        system);
  }

  /** The totals of a whole system, same rules. */
  SystemTotals toSystemTotals(String system) {
    PostcodeAvailability a = toAvailability(system, null);
    return new SystemTotals(
        system,
        a.stations(),
        a.bikesAvailable(),
        a.mechanical(),
        a.ebike(),
        a.docksAvailable(),
        a.capacity(),
        a.updatedAt(),
        a.untypedBikes());
  }

  /** Several communes can share a postcode: the most frequent wins, ties alphabetically. */
  private String mostCommonCommune() {
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : communes.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + communes.size() * 24);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(stations);
      out.writeLong(bikes);
      out.writeLong(mechanical);
      out.writeInt(stationsWithMechanical);
      out.writeLong(ebike);
      out.writeInt(stationsWithEbike);
      out.writeLong(untyped);
      out.writeLong(docks);
      out.writeLong(capacity);
      out.writeBoolean(updatedMicros != null);
      if (updatedMicros != null) {
        out.writeLong(updatedMicros);
      }
      out.writeInt(communes.size());
      for (Map.Entry<String, Integer> e : communes.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode area totals", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalStateException for a blob of another format (an incompatible checkpoint)
   */
  static AreaTotals decode(byte[] blob) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("the checkpoint holds area totals in format version "
            + version + ", this citypulse reads version " + VERSION
            + ": delete the checkpoint directory to rebuild the state from the topic");
      }
      AreaTotals t = new AreaTotals();
      t.stations = in.readInt();
      t.bikes = in.readLong();
      t.mechanical = in.readLong();
      t.stationsWithMechanical = in.readInt();
      t.ebike = in.readLong();
      t.stationsWithEbike = in.readInt();
      t.untyped = in.readLong();
      t.docks = in.readLong();
      t.capacity = in.readLong();
      t.updatedMicros = in.readBoolean() ? in.readLong() : null;
      int communeCount = in.readInt();
      for (int i = 0; i < communeCount; i++) {
        t.communes.put(in.readUTF(), in.readInt());
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode area totals", e);
    }
  }
}
