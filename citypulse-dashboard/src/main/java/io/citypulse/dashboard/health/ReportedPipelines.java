package io.citypulse.dashboard.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The health of pipelines running elsewhere, from their reports on the health topic: what
 * {@code citypulse dashboard} shows. Only reports younger than {@link #fresh} count; a pipeline
 * that stopped reporting disappears from the panel after that.
 */
public final class ReportedPipelines implements PipelineProbe {
  private final Clock clock;
  private final Duration fresh;
  private final Map<String, PipelineReport> latest = new ConcurrentHashMap<>();

  public ReportedPipelines(Clock clock, Duration fresh) {
    this.clock = clock;
    this.fresh = fresh;
  }

  /** Keeps the report unless an earlier-read one of the same pipeline is newer. */
  public void accept(PipelineReport report) {
    if (report.pipeline() == null || report.at() == null) {
      throw new IllegalArgumentException("a health report needs its pipeline and time");
    }
    latest.merge(
        report.pipeline(), report, (held, next) -> next.at().isBefore(held.at()) ? held : next);
  }

  @Override
  public List<FeedHealth> feeds() {
    return current(PipelineReport::feeds);
  }

  @Override
  public List<JobHealth> jobs() {
    return current(PipelineReport::jobs);
  }

  /** True while some pipeline's report is fresh. */
  @Override
  public boolean attached() {
    return !freshReports().isEmpty();
  }

  /** The newest report's time, fresh or not; null before any. */
  public Instant lastReportAt() {
    return latest.values().stream()
        .map(PipelineReport::at)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  private <T> List<T> current(Function<PipelineReport, List<T>> part) {
    return freshReports().stream()
        .flatMap(report -> part.apply(report).stream())
        .toList();
  }

  private List<PipelineReport> freshReports() {
    Instant oldest = clock.instant().minus(fresh);
    return latest.values().stream()
        .filter(report -> !report.at().isBefore(oldest))
        .sorted(Comparator.comparing(PipelineReport::pipeline))
        .toList();
  }
}
