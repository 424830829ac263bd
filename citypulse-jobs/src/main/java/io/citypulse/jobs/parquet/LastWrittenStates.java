package io.citypulse.jobs.parquet;

import io.citypulse.jobs.parquet.StateFingerprints.Fingerprint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The fingerprint of the last state written to the history for each key, and the rule that drops
 * a record: it is not written when it carries exactly that state again. Any other record is
 * written, also one whose time is older than the last written one (the history is append-only,
 * readers pick by time) or one equal to an earlier but not the last state (A, B, A is a history).
 *
 * <p>Keys are 64-bit key hashes ({@link StateFingerprints#keyHash}). Two keys sharing a hash
 * would share one entry; since the fingerprint covers the key fields, the only effect would be a
 * repeat of one of them written again, never a new state dropped.
 *
 * <p>The state-store value ({@link #encode}) is one binary blob, for the reasons given in the
 * availability job's {@code StationStatesCodec}: no generated encoder code per task. Format
 * (DataOutput): version byte, entry count, then per key: key hash, fingerprint high, low (24
 * bytes: 36 KB for Vélib's 1,500 stations).
 */
final class LastWrittenStates {
  static final byte VERSION = 1;

  private final Map<Long, Fingerprint> lastWritten;
  private boolean changed;

  private LastWrittenStates(Map<Long, Fingerprint> lastWritten) {
    this.lastWritten = lastWritten;
  }

  /** No key written yet. */
  static LastWrittenStates empty() {
    return new LastWrittenStates(new HashMap<>());
  }

  /** True when the record is to be written (then remembered as the key's last written state). */
  boolean offer(long keyHash, Fingerprint state) {
    if (state.equals(lastWritten.put(keyHash, state))) {
      return false;
    }
    changed = true;
    return true;
  }

  /** True when a record was offered and written since this was created or decoded. */
  boolean changed() {
    return changed;
  }

  /** Keys remembered. */
  int size() {
    return lastWritten.size();
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(5 + lastWritten.size() * 24);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(lastWritten.size());
      for (Map.Entry<Long, Fingerprint> entry : lastWritten.entrySet()) {
        out.writeLong(entry.getKey());
        out.writeLong(entry.getValue().high());
        out.writeLong(entry.getValue().low());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the last written states", e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalStateException for a blob of an unknown version (an incompatible checkpoint) */
  static LastWrittenStates decode(byte[] blob) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("the checkpoint holds the Parquet history's last written"
            + " states in format version " + version + ", this citypulse reads version " + VERSION
            + " (the checkpoint was written by another version of citypulse)");
      }
      int count = in.readInt();
      Map<Long, Fingerprint> lastWritten = new HashMap<>(Math.max(16, count * 4 / 3 + 1));
      for (int i = 0; i < count; i++) {
        lastWritten.put(in.readLong(), new Fingerprint(in.readLong(), in.readLong()));
      }
      return new LastWrittenStates(lastWritten);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the last written states", e);
    }
  }
}
