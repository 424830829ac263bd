package io.citypulse.jobs.weather;

import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The per-location logic of the weather job, pure (no Spark): applies one micro-batch of a
 * location's observations to the observations kept from earlier batches, and returns what to
 * emit, what to keep, and the counts.
 *
 * <p>Rules:
 * <ul>
 *   <li>An observation whose event time is at or before the watermark is late: counted, not
 *       emitted, not kept. (Spark drops those itself before the state function; the same rule
 *       here keeps this class correct on its own.)</li>
 *   <li>One with the event time of a kept or earlier-in-batch observation is a duplicate
 *       (re-poll, replayed topic): counted, nothing emitted, the first one stays.</li>
 *   <li>Every other one is emitted once, its trend taken from the kept observations in
 *       {@code [t − window, t)}: those that precede it in event time, whenever they arrived. An
 *       out-of-order observation therefore gets the same values as if it had arrived in order,
 *       and is then kept for the observations after it; records already emitted are not revised.
 *       Within a batch, observations are applied in event-time order (ties: Kafka order).</li>
 *   <li>Kept: observations later than {@code watermark − window}. Anything older can be in the
 *       window of no observation still to come, since those must be later than the watermark.</li>
 * </ul>
 */
public final class WeatherWindow {

  /** One observation of the batch, with its Kafka position (to order ties). */
  public record Incoming(WeatherObservation observation, long partition, long offset) {}

  /**
   * The result of one batch for one location.
   *
   * @param emitted one record per new observation, in event-time order
   * @param retained the observations to keep, oldest first; empty when the state can go
   */
  public record Outcome(
      List<WeatherFeatures> emitted, List<ObservationPoint> retained, long duplicates, long late) {}

  private static final Comparator<Incoming> APPLY_ORDER = Comparator.comparing(
          (Incoming in) -> in.observation().observedAt())
      .thenComparingLong(Incoming::partition)
      .thenComparingLong(Incoming::offset);

  private final long windowMicros;

  /** @param window the trend window, e.g. 1 h; positive */
  public WeatherWindow(Duration window) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("trend window must be positive: " + window);
    }
    this.windowMicros = micros(window);
  }

  /**
   * Applies a batch.
   *
   * @param previous the kept observations (any order)
   * @param incoming the batch's valid observations of this location (any order)
   * @param watermarkMs Spark's event-time watermark of the batch, epoch milliseconds
   */
  public Outcome apply(List<ObservationPoint> previous, List<Incoming> incoming, long watermarkMs) {
    long watermarkMicros = Math.multiplyExact(watermarkMs, 1_000L);
    NavigableMap<Long, ObservationPoint> points = new TreeMap<>();
    for (ObservationPoint point : previous) {
      points.putIfAbsent(point.getObservedAtMicros(), point);
    }
    List<Incoming> ordered = new ArrayList<>(incoming);
    ordered.sort(APPLY_ORDER);

    List<WeatherFeatures> emitted = new ArrayList<>();
    long duplicates = 0;
    long late = 0;
    for (Incoming in : ordered) {
      WeatherObservation observation = in.observation();
      long t = micros(observation.observedAt());
      if (t <= watermarkMicros) {
        late++;
      } else if (points.containsKey(t)) {
        duplicates++;
      } else {
        WeatherTrend trend = trend(points.subMap(t - windowMicros, true, t, false), observation);
        emitted.add(WeatherFeaturesBuilder.build(observation, trend));
        points.put(
            t, new ObservationPoint(t, observation.temperatureC(), observation.pressureHpa()));
      }
    }
    List<ObservationPoint> retained =
        new ArrayList<>(points.tailMap(watermarkMicros - windowMicros, false).values());
    return new Outcome(emitted, retained, duplicates, late);
  }

  /** The trend of {@code observation} given the earlier observations of its window. */
  static WeatherTrend trend(
      NavigableMap<Long, ObservationPoint> earlierInWindow, WeatherObservation observation) {
    Double temperatureFrom = null;
    Double pressureFrom = null;
    for (Map.Entry<Long, ObservationPoint> entry : earlierInWindow.entrySet()) {
      ObservationPoint point = entry.getValue();
      if (temperatureFrom == null) {
        temperatureFrom = point.getTemperatureC();
      }
      if (pressureFrom == null) {
        pressureFrom = point.getPressureHpa();
      }
      if (temperatureFrom != null && pressureFrom != null) {
        break;
      }
    }
    return new WeatherTrend(
        difference(observation.temperatureC(), temperatureFrom),
        difference(observation.pressureHpa(), pressureFrom),
        earlierInWindow.size() + 1);
  }

  private static Double difference(Double now, Double then) {
    return now == null || then == null ? null : now - then;
  }

  /** Microseconds since the epoch: Spark's timestamp precision, and the key of kept points. */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }

  private static long micros(Duration duration) {
    return Math.addExact(
        Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000L);
  }
}
