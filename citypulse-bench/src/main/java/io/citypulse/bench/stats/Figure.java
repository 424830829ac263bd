package io.citypulse.bench.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reported figure: every run's value, and the target if it has one.
 *
 * @param id stable identifier in the JSON, e.g. {@code throughput.citypulse}
 * @param label what the table prints
 * @param unit e.g. {@code records/s}, {@code ms}, {@code MB}
 * @param values one per run (or per JMH iteration); empty when every run failed
 * @param target the target, or null for an informative figure
 * @param higherIsBetter whether the median must be at least (true) or at most (false) the target
 * @param notes free-form detail for the JSON (settings, counts, failures)
 */
public record Figure(
    String id,
    String label,
    String unit,
    List<Double> values,
    Double target,
    boolean higherIsBetter,
    Map<String, Object> notes) {

  public Figure {
    values = List.copyOf(values);
    notes = notes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  public static Figure info(String id, String label, String unit, List<Double> values) {
    return new Figure(id, label, unit, values, null, true, Map.of());
  }

  public boolean measured() {
    return !values.isEmpty();
  }

  public double median() {
    return Stats.median(values);
  }

  public double min() {
    return Stats.min(values);
  }

  public double max() {
    return Stats.max(values);
  }

  /** PASS/FAIL against the target, "-" without one, "n/a" when nothing was measured. */
  public String verdict() {
    if (target == null) {
      return "-";
    }
    if (!measured()) {
      return "n/a";
    }
    boolean pass = higherIsBetter ? median() >= target : median() <= target;
    return pass ? "PASS" : "FAIL";
  }

  public Figure withNotes(Map<String, Object> more) {
    Map<String, Object> merged = new LinkedHashMap<>(notes);
    merged.putAll(more);
    return new Figure(id, label, unit, values, target, higherIsBetter, merged);
  }
}
