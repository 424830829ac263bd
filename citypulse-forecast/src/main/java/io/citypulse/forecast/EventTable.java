package io.citypulse.forecast;

/**
 * An empirical probability that a station is empty (or full) a horizon later, by how many bikes
 * (or docks) it has now and the hour of the (weekday or weekend) day, pooled over all stations:
 * the first probability model, before the MLlib one.
 *
 * <p>Each cell is smoothed towards the overall rate ({@code (events + M × rate) / (samples + M)},
 * M = {@value #M}) so that a rarely seen cell says little more than the base rate.
 */
public final class EventTable {
  /** Weight of the overall rate in each cell, in samples. */
  static final double M = 20;

  /** Upper bounds of the count buckets: 0, 1, 2, 3, 4, 5-6, 7-9, 10 and more. */
  private static final int[] BUCKET_TOPS = {0, 1, 2, 3, 4, 6, 9};

  private final SlotScheme scheme;
  private final long[][] samples;
  private final long[][] events;
  private long total;
  private long totalEvents;

  public EventTable(SlotScheme scheme) {
    this.scheme = scheme;
    this.samples = new long[BUCKET_TOPS.length + 1][48];
    this.events = new long[BUCKET_TOPS.length + 1][48];
  }

  /** The bucket of a count now. */
  static int bucket(int count) {
    for (int i = 0; i < BUCKET_TOPS.length; i++) {
      if (count <= BUCKET_TOPS[i]) {
        return i;
      }
    }
    return BUCKET_TOPS.length;
  }

  /** Weekday hours 0..23, weekend hours 24..47, of a {@link SlotScheme} slot. */
  int hourKey(int slot) {
    int perDay = scheme.slotsPerDay();
    int hour = (slot % perDay) * scheme.slotMinutes() / 60;
    return (slot / perDay) * 24 + hour;
  }

  /** Counts one train sample: the count now, the slot of now, whether the event happened. */
  public void add(int countNow, int slot, boolean happened) {
    int b = bucket(countNow);
    int h = hourKey(slot);
    samples[b][h]++;
    total++;
    if (happened) {
      events[b][h]++;
      totalEvents++;
    }
  }

  /** The overall rate of the event in what was added; 0 when nothing was. */
  public double rate() {
    return total == 0 ? 0 : (double) totalEvents / total;
  }

  /** The smoothed probability of the event for this count now and slot of now. */
  public double probability(int countNow, int slot) {
    int b = bucket(countNow);
    int h = hourKey(slot);
    return (events[b][h] + M * rate()) / (samples[b][h] + M);
  }
}
