package io.citypulse.jobs.availability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The state-store value of the station step: one station's latest state in a compact binary form.
 * The station key is the state's grouping key, so it is not repeated here.
 *
 * <p>Why not {@code Encoders.bean}: Spark generates the Java source of a bean encoder's
 * (de)serializer again in every task; for this 10-field bean that generation cost tens of
 * milliseconds of CPU per micro-batch (profiled with JFR), and its UnsafeRow is ~3 times larger
 * than this format, which the state store writes to its delta file for every changed station.
 *
 * <p>Format (DataOutput): version byte 3, postcode, optional commune, bikes, optional mechanical,
 * optional e-bikes, docks, capacity, optional last_reported and fetched_at micros, optional system
 * (kept only when totals are per system); an optional value is a presence boolean then the value.
 * The postcode field holds the station's area: its postcode, or its cell when {@code
 * aggregate.area} says so. Mechanical and e-bikes keep their nullness: a feed
 * without a breakdown is unknown, not 0. Versions 1 and 2 were the single-group job's blob of
 * every station (checkpoint {@code postcode-availability-v2}); that checkpoint is not read by this
 * job (see {@link PostcodeAvailabilityJob#CHECKPOINT_NAME}).
 */
final class StationStateCodec {
  private StationStateCodec() {}

  /** The format written and read. */
  static final byte VERSION = 3;

  static byte[] encode(StationState s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(s.getPostcode());
      writeOptional(out, s.getCommune());
      out.writeInt(s.getBikesAvailable());
      writeOptional(out, s.getMechanical());
      writeOptional(out, s.getEbike());
      out.writeInt(s.getDocksAvailable());
      out.writeInt(s.getCapacity());
      writeOptional(out, s.getLastReportedMicros());
      writeOptional(out, s.getFetchedAtMicros());
      writeOptional(out, s.getSystem());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the state of station " + s.getStationKey(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param stationKey the state's grouping key
   * @throws IllegalStateException for a value of another format (an incompatible checkpoint)
   */
  static StationState decode(String stationKey, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("the checkpoint holds the state of station " + stationKey
            + " in format version " + version + ", this citypulse reads version " + VERSION
            + ": delete the checkpoint directory to rebuild the state from the topic");
      }
      String postcode = in.readUTF();
      String commune = in.readBoolean() ? in.readUTF() : null;
      int bikes = in.readInt();
      Integer mechanical = readOptionalInt(in);
      Integer ebike = readOptionalInt(in);
      int docks = in.readInt();
      int capacity = in.readInt();
      StationState state = new StationState(
          stationKey,
          postcode,
          commune,
          bikes,
          mechanical,
          ebike,
          docks,
          capacity,
          readOptionalLong(in),
          readOptionalLong(in));
      state.setSystem(in.readBoolean() ? in.readUTF() : null);
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the state of station " + stationKey, e);
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
