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
 * optional commune, the five counts, optional last_reported and fetched_at micros.
 */
final class StationStatesCodec {
  private StationStatesCodec() {}

  static final byte VERSION = 1;

  static byte[] encode(Collection<StationState> states) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + states.size() * 48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(states.size());
      for (StationState s : states) {
        out.writeUTF(s.getStationKey());
        out.writeUTF(s.getPostcode());
        writeOptional(out, s.getCommune());
        out.writeInt(s.getBikesAvailable());
        out.writeInt(s.getMechanical());
        out.writeInt(s.getEbike());
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

  /** @throws IllegalStateException for a blob of an unknown version (an incompatible checkpoint) */
  static List<StationState> decode(byte[] blob) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("the checkpoint holds station states in format version "
            + version + ", this citypulse reads version " + VERSION
            + ": delete the checkpoint directory to rebuild the state from the topic");
      }
      int count = in.readInt();
      List<StationState> states = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String key = in.readUTF();
        String postcode = in.readUTF();
        String commune = in.readBoolean() ? in.readUTF() : null;
        states.add(new StationState(key, postcode, commune, in.readInt(), in.readInt(),
            in.readInt(), in.readInt(), in.readInt(), readOptionalLong(in), readOptionalLong(in)));
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

  private static void writeOptional(DataOutputStream out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  private static Long readOptionalLong(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }
}
