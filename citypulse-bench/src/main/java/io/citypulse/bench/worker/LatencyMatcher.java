package io.citypulse.bench.worker;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairs input records with the aggregates that reflect them. An aggregate of postcode P with
 * {@code updated_at} = U reflects every input of P fetched at or before U (U is the freshest
 * fetched_at among P's stations, and inputs are fresh and strictly increasing in fetched_at), so
 * each input's latency is measured to the FIRST aggregate of its postcode with updated_at >= its
 * fetched_at. "exact" inputs are the one whose fetched_at equals U; "covered" ones were folded into
 * the same aggregate by a later input of the same postcode (same micro-batch or cache flush).
 * Thread-safe: the producer thread calls {@link #sent}, the consumer thread {@link #received}.
 */
public final class LatencyMatcher {
  private final Map<String, ArrayDeque<long[]>> pendingByPostcode = new HashMap<>();
  private long[] latencies = new long[1024];
  private int latencyCount;
  private long measuredSent;
  private long exact;
  private long covered;
  private long measuredPending;

  /** An input of {@code postcode} fetched at {@code fetchedMicros}; only measured ones get a latency. */
  public synchronized void sent(String postcode, long fetchedMicros, boolean measured) {
    pendingByPostcode
        .computeIfAbsent(postcode, p -> new ArrayDeque<>())
        .addLast(new long[] {fetchedMicros, measured ? 1 : 0});
    if (measured) {
      measuredSent++;
      measuredPending++;
    }
  }

  /** An aggregate of {@code postcode} with {@code updatedMicros}, read at {@code arrivalMicros}. */
  public synchronized void received(String postcode, long updatedMicros, long arrivalMicros) {
    ArrayDeque<long[]> pending = pendingByPostcode.get(postcode);
    if (pending == null) {
      return;
    }
    while (!pending.isEmpty() && pending.peekFirst()[0] <= updatedMicros) {
      long[] input = pending.removeFirst();
      if (input[1] == 1) {
        measuredPending--;
        add(arrivalMicros - input[0]);
        if (input[0] == updatedMicros) {
          exact++;
        } else {
          covered++;
        }
      }
    }
  }

  private void add(long latencyMicros) {
    if (latencyCount == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[latencyCount++] = latencyMicros;
  }

  /** Latencies of the matched measured inputs, ascending, in microseconds. */
  public synchronized long[] sortedLatenciesMicros() {
    long[] out = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(out);
    return out;
  }

  public synchronized long measuredSent() {
    return measuredSent;
  }

  /** Measured inputs no aggregate has reflected yet. */
  public synchronized long measuredPending() {
    return measuredPending;
  }

  public synchronized long exact() {
    return exact;
  }

  public synchronized long covered() {
    return covered;
  }
}
