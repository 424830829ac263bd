package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventTableTest {
  // 15-minute slots: slot 33 is weekday 08:15, slot 96 + 33 weekend 08:15
  private final EventTable table = new EventTable(SlotScheme.quarterHours(ZoneOffset.UTC));

  @Test
  void cellsAreSmoothedTowardsTheOverallRate() {
    // 10 samples with 0 bikes at weekday 08:xx, 6 of them empty later; 30 with 7 bikes, none
    for (int i = 0; i < 10; i++) {
      table.add(0, 33, i < 6);
    }
    for (int i = 0; i < 30; i++) {
      table.add(7, 33, false);
    }
    // overall rate 6/40 = 0.15
    assertThat(table.rate()).isCloseTo(0.15, within(1e-12));
    // (6 + 20 * 0.15) / (10 + 20) = 9/30
    assertThat(table.probability(0, 33)).isCloseTo(0.3, within(1e-12));
    // 7 and 9 bikes share a bucket: (0 + 3) / (30 + 20)
    assertThat(table.probability(9, 34)).isCloseTo(0.06, within(1e-12));
    // the weekend's 08:xx was never seen: the overall rate
    assertThat(table.probability(0, 96 + 33)).isCloseTo(0.15, within(1e-12));
  }

  @Test
  void bucketsAndHours() {
    assertThat(EventTable.bucket(4)).isEqualTo(4);
    assertThat(EventTable.bucket(5)).isEqualTo(EventTable.bucket(6));
    assertThat(EventTable.bucket(10)).isEqualTo(EventTable.bucket(40));
    assertThat(table.hourKey(33)).isEqualTo(8);
    assertThat(table.hourKey(96 + 95)).isEqualTo(47);
  }

  @Test
  void asATreeItGivesTheTablesProbabilityForEveryFeatureVector() {
    // random events over every bucket, slot and day type, then every count 0..14 at every slot
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int i = 0; i < 5000; i++) {
      table.add(random.nextInt(15), random.nextInt(192), random.nextInt(7) == 0);
    }
    TreeEnsemble tree = table.asTree("docks");
    int docks = FeatureBuilder.NAMES.indexOf("docks");
    int minute = FeatureBuilder.NAMES.indexOf("minute_of_day");
    int weekend = FeatureBuilder.NAMES.indexOf("weekend");
    int compared = 0;
    for (int slot = 0; slot < 192; slot++) {
      for (int count = 0; count < 15; count++) {
        double[] x = new double[FeatureBuilder.NAMES.size()];
        x[docks] = count;
        x[minute] = (slot % 96) * 15;
        x[weekend] = slot >= 96 ? 1 : 0;
        assertThat(tree.predict(x)).isCloseTo(table.probability(count, slot), within(1e-12));
        compared++;
      }
    }
    assertThat(compared).isEqualTo(192 * 15);
  }
}
