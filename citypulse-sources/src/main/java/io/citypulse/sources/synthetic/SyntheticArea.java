package io.citypulse.sources.synthetic;

import java.util.List;

/** A postal-code area of the generated network: centroid and relative station density. */
record SyntheticArea(
    String postcode, String commune, double lat, double lon, int weight, int codePrefix) {

  /**
   * Paris arrondissements and a few neighbouring communes. Paris 16e has two postcodes (75016
   * south, 75116 north), so the demo exercises that case like the real Vélib' network does.
   */
  static final List<SyntheticArea> PARIS = List.of(
      new SyntheticArea("75001", "Paris", 48.8626, 2.3363, 3, 1),
      new SyntheticArea("75002", "Paris", 48.8679, 2.3441, 2, 2),
      new SyntheticArea("75003", "Paris", 48.8631, 2.3594, 2, 3),
      new SyntheticArea("75004", "Paris", 48.8542, 2.3574, 3, 4),
      new SyntheticArea("75005", "Paris", 48.8445, 2.3497, 4, 5),
      new SyntheticArea("75006", "Paris", 48.8491, 2.3328, 3, 6),
      new SyntheticArea("75007", "Paris", 48.8562, 2.3121, 4, 7),
      new SyntheticArea("75008", "Paris", 48.8727, 2.3125, 4, 8),
      new SyntheticArea("75009", "Paris", 48.8771, 2.3375, 3, 9),
      new SyntheticArea("75010", "Paris", 48.8761, 2.3608, 4, 10),
      new SyntheticArea("75011", "Paris", 48.8591, 2.3800, 5, 11),
      new SyntheticArea("75012", "Paris", 48.8350, 2.4213, 6, 12),
      new SyntheticArea("75013", "Paris", 48.8283, 2.3623, 6, 13),
      new SyntheticArea("75014", "Paris", 48.8292, 2.3265, 5, 14),
      new SyntheticArea("75015", "Paris", 48.8401, 2.2935, 7, 15),
      new SyntheticArea("75016", "Paris", 48.8504, 2.2640, 4, 16),
      new SyntheticArea("75116", "Paris", 48.8700, 2.2810, 4, 16),
      new SyntheticArea("75017", "Paris", 48.8873, 2.3067, 5, 17),
      new SyntheticArea("75018", "Paris", 48.8925, 2.3481, 5, 18),
      new SyntheticArea("75019", "Paris", 48.8871, 2.3848, 5, 19),
      new SyntheticArea("75020", "Paris", 48.8634, 2.4012, 5, 20),
      new SyntheticArea("92100", "Boulogne-Billancourt", 48.8352, 2.2410, 3, 21),
      new SyntheticArea("92200", "Neuilly-sur-Seine", 48.8847, 2.2686, 2, 22),
      new SyntheticArea("93200", "Saint-Denis", 48.9362, 2.3574, 3, 32),
      new SyntheticArea("94300", "Vincennes", 48.8474, 2.4392, 2, 41),
      new SyntheticArea("92130", "Issy-les-Moulineaux", 48.8239, 2.2700, 2, 23));
}
