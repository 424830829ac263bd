package io.citypulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feed and job alerts from the health reports pipelines publish on {@code citypulse-health}
 * (the {@code PipelineReport} JSON of the dashboard module: {@code at}, {@code feeds[].feed},
 * {@code feeds[].status}, {@code jobs[].job}, {@code jobs[].status}). Read as a JSON tree so that
 * this module needs no dashboard type. A feed whose status is {@code stale}, {@code failing} or
 * {@code stopped} is in the {@code feed_stale} condition; a job {@code failed} or {@code stopped}
 * in {@code job_failing}.
 */
public final class HealthRules {
  static final Set<String> BAD_FEED = Set.of("stale", "failing", "stopped");
  static final Set<String> BAD_JOB = Set.of("failed", "stopped");

  private final EpisodeRules rules;

  public HealthRules(EpisodeRules rules) {
    this.rules = rules;
  }

  /** One feed or job of one report: {@code feed:<name>} or {@code job:<name>} at the report's time. */
  public record Reading(String subject, Instant at, String name, String status, boolean job) {}

  /**
   * The readings of one report; throws {@link IllegalArgumentException} when the value is not a
   * report (not JSON, no {@code at}).
   */
  public static List<Reading> readings(byte[] report) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(report);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a health report: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("at").isTextual()) {
      throw new IllegalArgumentException("not a health report: no 'at' time");
    }
    Instant at;
    try {
      at = Instant.parse(root.get("at").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a health report: bad 'at' " + root.get("at"), e);
    }
    List<Reading> out = new ArrayList<>();
    for (JsonNode feed : root.path("feeds")) {
      String name = feed.path("feed").asText("");
      if (!name.isBlank()) {
        out.add(new Reading("feed:" + name, at, name, feed.path("status").asText(""), false));
      }
    }
    for (JsonNode job : root.path("jobs")) {
      String name = job.path("job").asText("");
      if (!name.isBlank()) {
        out.add(new Reading("job:" + name, at, name, job.path("status").asText(""), true));
      }
    }
    return out;
  }

  public List<Check> checks(Reading r) {
    if (r.job()) {
      boolean failing = BAD_JOB.contains(r.status());
      return List.of(new Check(
          AlertKind.JOB_FAILING,
          "status in " + "failed|stopped",
          Severity.CRITICAL,
          rules,
          failing,
          false,
          Map.of(),
          "Spark job " + r.name() + " is " + r.status(),
          "Spark job " + r.name() + " is " + r.status() + " again"));
    }
    boolean stale = BAD_FEED.contains(r.status());
    return List.of(new Check(
        AlertKind.FEED_STALE,
        "status in stale|failing|stopped",
        Severity.WARNING,
        rules,
        stale,
        false,
        Map.of(),
        "feed " + r.name() + " is " + r.status(),
        "feed " + r.name() + " is " + r.status() + " again"));
  }
}
