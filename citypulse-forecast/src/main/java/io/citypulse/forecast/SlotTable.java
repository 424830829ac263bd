package io.citypulse.forecast;

/**
 * The slots of a run of grid times, computed once: the evaluation asks for the slot of every
 * station's every grid time, and a time-zone conversion per sample costs more than the rest.
 */
final class SlotTable {
  private final SlotScheme scheme;
  private final long first;
  private final long step;
  private final int[] slots;

  SlotTable(SlotScheme scheme, long from, long to, long step) {
    this.scheme = scheme;
    this.step = step;
    this.first = Math.floorDiv(from, step) * step;
    int n = (int) Math.max(0, (to - first) / step + 1);
    this.slots = new int[n];
    for (int i = 0; i < n; i++) {
      slots[i] = scheme.slot(first + i * step);
    }
  }

  int slot(long t) {
    long offset = t - first;
    if (offset >= 0 && offset % step == 0 && offset / step < slots.length) {
      return slots[(int) (offset / step)];
    }
    return scheme.slot(t);
  }

  SlotScheme scheme() {
    return scheme;
  }
}
