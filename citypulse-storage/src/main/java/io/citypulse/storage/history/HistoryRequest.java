package io.citypulse.storage.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A question for the history: the states of one station, postcode or weather location between
 * {@code from} and {@code to} (both included), either every stored state or, with a {@code step},
 * the state as of {@code from}, {@code from + step}, ... up to {@code to}.
 *
 * @param system the bike-share system of a station ({@value HistorySubject#DEFAULT_SYSTEM} when
 *     null or blank) or of a postcode (none, {@code ""}, when null or blank, unless the key is a
 *     catalogue-wide run's {@code system:area}, as on its topic); null for a weather location
 * @param step null for every stored state
 * @throws InvalidHistoryRequestException when {@code from} is not before {@code to}, the step is
 *     not positive, or it gives more than {@value #MAX_SAMPLES} rows
 */
public record HistoryRequest(
    HistorySubject subject, String system, String key, Instant from, Instant to, Duration step) {

  /** Most rows a sampled series may have: beyond that the step is surely a typo. */
  public static final int MAX_SAMPLES = 10_000;
  /** Most stored states a reader loads for one request (memory bound of the command). */
  public static final int MAX_STATES = 200_000;

  public HistoryRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (key == null || key.isBlank()) {
      throw new InvalidHistoryRequestException("no " + subject.label() + " given");
    }
    key = key.trim();
    boolean noSystem = system == null || system.isBlank();
    int colon = key.indexOf(':');
    if (subject == HistorySubject.POSTCODE && noSystem && colon > 0 && colon < key.length() - 1) {
      // The per-area topic's key of a catalogue-wide run; system ids and areas have no colon.
      system = key.substring(0, colon);
      key = key.substring(colon + 1);
    } else if (subject.hasSystem()) {
      system = noSystem ? subject.defaultSystem() : system.trim();
    } else if (!noSystem) {
      throw new InvalidHistoryRequestException(
          "a system only applies to stations and postcodes, not to a " + subject.label());
    } else {
      system = null;
    }
    if (!from.isBefore(to)) {
      throw new InvalidHistoryRequestException(
          "from (" + from + ") must be before to (" + to + ")");
    }
    if (step != null) {
      if (step.isNegative() || step.isZero()) {
        throw new InvalidHistoryRequestException("step must be greater than zero, got " + step);
      }
      long samples = sampleCount(from, to, step);
      if (samples > MAX_SAMPLES) {
        throw new InvalidHistoryRequestException(String.format(
            "a step of %s from %s to %s gives %,d rows, more than %,d: use a step of at least %s, or a shorter range",
            humanDuration(step),
            from,
            to,
            samples,
            MAX_SAMPLES,
            humanDuration(smallestStep(from, to))));
      }
    }
  }

  /** Every stored state of {@code key} between the two times. */
  public static HistoryRequest all(
      HistorySubject subject, String system, String key, Instant from, Instant to) {
    return new HistoryRequest(subject, system, key, from, to, null);
  }

  /** True when the series is sampled: the readers then also need the last state before {@code from}. */
  public boolean sampled() {
    return step != null;
  }

  /** The sampling instants from, from + step, ... (<= to); empty without a step. */
  public List<Instant> sampleTimes() {
    if (step == null) {
      return List.of();
    }
    long count = sampleCount(from, to, step);
    List<Instant> times = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      times.add(from.plus(step.multipliedBy(i)));
    }
    return times;
  }

  /** The reader loaded more than {@link #MAX_STATES} states: the range must shrink. */
  public InvalidHistoryRequestException tooManyStates() {
    return new InvalidHistoryRequestException(String.format(
        "more than %,d stored states of %s between %s and %s: use a shorter range",
        MAX_STATES, describe(), from, to));
  }

  /** For messages: "station 16107 of system velib", "postcode 75001", "location paris". */
  public String describe() {
    return subject.label() + " " + key + systemScope();
  }

  /** " of system velib", or nothing when the subject has no system or it is none. */
  String systemScope() {
    return subject.hasSystem() && !system.isEmpty() ? " of system " + system : "";
  }

  private static long sampleCount(Instant from, Instant to, Duration step) {
    Duration range = Duration.between(from, to);
    // Exact in nanoseconds up to ~292 years; a longer range has more than MAX_SAMPLES rows anyway.
    try {
      return range.toNanos() / step.toNanos() + 1;
    } catch (ArithmeticException e) {
      return range.dividedBy(step) + 1;
    }
  }

  /** The smallest step within {@link #MAX_SAMPLES}, rounded up to a whole unit a person would type. */
  static Duration smallestStep(Instant from, Instant to) {
    Duration range = Duration.between(from, to);
    long minimumMillis;
    try {
      minimumMillis = Math.max(1, ceilDiv(range.toMillis(), MAX_SAMPLES - 1));
    } catch (ArithmeticException beyondMillions) {
      return Duration.ofDays(ceilDiv(range.toDays(), MAX_SAMPLES - 1));
    }
    for (long unit : new long[] {86_400_000, 3_600_000, 60_000, 1_000}) {
      if (minimumMillis >= unit) {
        return Duration.ofMillis(ceilDiv(minimumMillis, unit) * unit);
      }
    }
    return Duration.ofMillis(minimumMillis);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /** 90 s as "90s", 15 min as "15m", 2 h as "2h", one day as "1d": the flags' own syntax. */
  public static String humanDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
