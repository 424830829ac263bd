package io.citypulse.jobs.scoring;

import io.citypulse.forecast.StateLog;
import io.citypulse.forecast.StationState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One station's states of about the last hour (what the forecast features look back over), and
 * when its forecast was last made: the per-station state of the scoring job, kept as bytes in
 * Spark's state store. Pure: no Spark.
 *
 * <p>Only changes are kept (a re-poll with the same counts adds nothing); a state older than the
 * newest is late and ignored, since forecasts are about now. The oldest state kept is the last
 * one at or before {@code now - lookback}, so "the bikes an hour ago" stays known.
 */
final class RecentStates {
  private static final byte VERSION = 1;

  private final List<StationState> states;
  private long lastForecast;
  private boolean changed;

  private RecentStates(List<StationState> states, long lastForecast) {
    this.states = states;
    this.lastForecast = lastForecast;
  }

  /** No state yet. */
  static RecentStates empty() {
    return new RecentStates(new ArrayList<>(), Long.MIN_VALUE);
  }

  /**
   * Adds an observed state.
   *
   * @return whether it is a new state (not late, not a repeat of the newest)
   */
  boolean add(StationState state) {
    StationState newest = newest();
    if (newest != null) {
      if (state.time() < newest.time()) {
        return false;
      }
      if (sameCounts(state, newest)) {
        return false;
      }
    }
    states.add(state);
    changed = true;
    return true;
  }

  /** Drops the states no look-back from {@code now} reaches. */
  void trim(long now, Duration lookback) {
    long horizon = now - lookback.getSeconds();
    while (states.size() > 1 && states.get(1).time() <= horizon) {
      states.remove(0);
    }
  }

  /**
   * Whether a forecast is due at {@code now}: the station changed since the last one, or the last
   * one is {@code refresh} old (so that "empty within 30 minutes" follows the clock).
   */
  boolean forecastDue(long now, Duration refresh) {
    return !states.isEmpty()
        && (changed
            || lastForecast == Long.MIN_VALUE
            || now - lastForecast >= refresh.getSeconds());
  }

  /** Records that a forecast was made at {@code now}. */
  void forecastMade(long now) {
    lastForecast = now;
    changed = false;
  }

  StationState newest() {
    return states.isEmpty() ? null : states.get(states.size() - 1);
  }

  List<StationState> states() {
    return List.copyOf(states);
  }

  /** The states as a one-station log named {@code code}, what a forecaster reads. */
  StateLog.Station station(String code) {
    StateLog.Builder builder = new StateLog.Builder();
    for (StationState s : states) {
      builder.add(code, s.time(), s.bikes(), s.docks(), s.capacity(), s.mechanical(), s.ebike());
    }
    return builder.build().station(code);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + states.size() * 28);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(lastForecast);
      out.writeBoolean(changed);
      out.writeInt(states.size());
      for (StationState s : states) {
        out.writeLong(s.time());
        out.writeInt(s.bikes());
        out.writeInt(s.docks());
        out.writeInt(s.capacity());
        out.writeInt(s.mechanical());
        out.writeInt(s.ebike());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads what {@link #encode()} wrote; an unknown version (a later build) starts over. */
  static RecentStates decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != VERSION) {
        return empty();
      }
      long lastForecast = in.readLong();
      boolean changed = in.readBoolean();
      int n = in.readInt();
      List<StationState> states = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        states.add(new StationState(
            in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt()));
      }
      RecentStates recent = new RecentStates(states, lastForecast);
      recent.changed = changed;
      return recent;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameCounts(StationState a, StationState b) {
    return a.bikes() == b.bikes()
        && a.docks() == b.docks()
        && a.capacity() == b.capacity()
        && a.mechanical() == b.mechanical()
        && a.ebike() == b.ebike();
  }
}
