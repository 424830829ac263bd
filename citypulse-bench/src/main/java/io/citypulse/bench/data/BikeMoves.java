package io.citypulse.bench.data;

import java.util.Random;

/** How the bench's generators move bikes at a station: the one rule both use. */
final class BikeMoves {
  private BikeMoves() {}

  /**
   * Up to three bikes leave or arrive at {@code station}, never beyond 0 or {@code capacity} (a
   * station at a bound may not move); one in three is electric.
   */
  static void move(Random random, int capacity, int[] mechanical, int[] ebike, int station) {
    int steps = 1 + random.nextInt(3);
    boolean arrive = random.nextBoolean();
    for (int i = 0; i < steps; i++) {
      int bikes = mechanical[station] + ebike[station];
      boolean electric = random.nextInt(3) == 0;
      if (arrive && bikes < capacity) {
        if (electric) {
          ebike[station]++;
        } else {
          mechanical[station]++;
        }
      } else if (!arrive && bikes > 0) {
        if ((electric && ebike[station] > 0) || mechanical[station] == 0) {
          ebike[station]--;
        } else {
          mechanical[station]--;
        }
      }
    }
  }
}
