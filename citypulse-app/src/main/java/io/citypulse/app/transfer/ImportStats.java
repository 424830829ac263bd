package io.citypulse.app.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of one import, and the summary printed at its end. */
public final class ImportStats {
  /** How many rejected rows the summary shows with their row label. */
  static final int SHOWN_REJECTIONS = 5;

  private long read;
  private long published;
  private long rejected;
  private long duplicates;
  private final Map<String, Long> reasons = new TreeMap<>();
  private final List<String> firstRejections = new ArrayList<>();

  void count(String label, RowPipeline.Outcome outcome) {
    read++;
    if (outcome instanceof RowPipeline.Outcome.Publish) {
      published++;
    } else if (outcome instanceof RowPipeline.Outcome.Duplicate) {
      duplicates++;
    } else {
      RowPipeline.Outcome.Reject reject = (RowPipeline.Outcome.Reject) outcome;
      rejected++;
      reasons.merge(reject.reason(), 1L, Long::sum);
      if (firstRejections.size() < SHOWN_REJECTIONS) {
        firstRejections.add(label + ": " + reject.detail());
      }
    }
  }

  public long read() {
    return read;
  }

  public long published() {
    return published;
  }

  public long rejected() {
    return rejected;
  }

  public long duplicates() {
    return duplicates;
  }

  /** Rejected rows by reason, reasons sorted. */
  public Map<String, Long> reasons() {
    return Map.copyOf(reasons);
  }

  /** {@code read N, published N, rejected N, duplicates N}. */
  public String counts() {
    return "read " + read + ", published " + published + ", rejected " + rejected + ", duplicates "
        + duplicates;
  }

  /** The counts, then one line per reason and the first rejected rows, indented. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add(counts());
    reasons.forEach((reason, n) -> lines.add("  rejected " + n + ": " + reason));
    if (!firstRejections.isEmpty()) {
      lines.add(
          rejected > firstRejections.size()
              ? "  first " + firstRejections.size()
                  + " rejected rows (all on the dead-letter topic):"
              : "  rejected rows (also on the dead-letter topic):");
      firstRejections.forEach(r -> lines.add("    " + r));
    }
    return lines;
  }
}
