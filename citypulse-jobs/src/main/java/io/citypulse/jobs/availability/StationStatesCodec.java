package io.citypulse.jobs.availability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The state-store value of the availability job: every station's latest state in one compact
 * binary blob.
 *
 * <p>Why not {@code Encoders.bean}: Spark generates the Java source of a bean encoder's
 * (de)serializer again in every task, and for a list of 10-field beans that source generation
 * alone cost tens of milliseconds of CPU per micro-batch (profiled with JFR), a large part of the
 * job's per-batch latency. A binary column needs no generated code, and this format is ~3 times
 * smaller than the bean's UnsafeRow, which the state store writes to its delta file every batch.
 *
 * <p>Format (DataOutput): version byte, station count, then per station: key, postcode,
 * optional commune, bikes, mechanical, e-bikes, docks, capacity, optional last_reported and
 * fetched_at micros. Version 2 (written) makes mechanical and e-bikes optional (a presence
 * boolean before the int): a feed without a breakdown is unknown, not 0. Version 1 (written until
 * then, still in checkpoints) has plain ints there; it is still read, its counts taken as known
 * since the nullness was already lost, so an old checkpoint keeps working; a station regains
 * its nullness with its next accepted record (the poller publishes a station when it changes).
 * Deleting the checkpoint restores it at once: the job rebuilds its state from the compacted
 * input topic, whose records kept the nulls. An optional value is a presence boolean then the
 * value.
 */
final class StationStatesCodec {
  private StationStatesCodec() {}

  /** The format written. */
  static final byte VERSION = 2;
  /** The format before mechanical and e-bikes could be unknown: read, never written. */
  static final byte VERSION_1 = 1;

  static byte[] encode(Collection<StationState> states) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + states.size() * 50);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(states.size());
      for (StationState s : states) {
        out.writeUTF(s.getStationKey());
        out.writeUTF(s.getPostcode());
        writeOptional(out, s.getCommune());
        out.writeInt(s.getBikesAvailable());
        writeOptional(out, s.getMechanical());
        writeOptional(out, s.getEbike());
        out.writeInt(s.getDocksAvailable());
        out.writeInt(s.getCapacity());
        writeOptional(out, s.getLastReportedMicros());
        writeOptional(out, s.getFetchedAtMicros());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the station states", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a blob of version 2 or 1.
   *
   * @throws IllegalStateException for a blob of an unknown version (an incompatible checkpoint)
   */
  static List<StationState> decode(byte[] blob) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_1) {
        throw new IllegalStateException("the checkpoint holds station states in format version "
            + version + ", this citypulse reads versions " + VERSION_1 + " and " + VERSION
            + ": delete the checkpoint directory to rebuild the state from the topic");
      }
      boolean typesOptional = version >= VERSION;
      int count = in.readInt();
      List<StationState> states = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String key = in.readUTF();
        String postcode = in.readUTF();
        String commune = in.readBoolean() ? in.readUTF() : null;
        int bikes = in.readInt();
        Integer mechanical = typesOptional ? readOptionalInt(in) : Integer.valueOf(in.readInt());
        Integer ebike = typesOptional ? readOptionalInt(in) : Integer.valueOf(in.readInt());
        states.add(new StationState(
            key,
            postcode,
            commune,
            bikes,
            mechanical,
            ebike,
            in.readInt(),
            in.readInt(),
            readOptionalLong(in),
            readOptionalLong(in)));
      }
      return states;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the station states", e);
    }
  }

  private static void writeOptional(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static void writeOptional(DataOutputStream out, Integer value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeInt(value);
    }
  }

  private static void writeOptional(DataOutputStream out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  private static Integer readOptionalInt(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readInt() : null;
  }

  private static Long readOptionalLong(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }
}
