package io.citypulse.app.run;

import io.citypulse.dashboard.health.ClusterHealth;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.poll.SystemReport.State;
import io.citypulse.sources.poll.SystemsPoller;
import io.citypulse.sources.poll.SystemsSummary;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.postcode.PostcodeResolution.GeocoderState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats the one-line status that run and demo print every few seconds (pure, tested). */
final class StatusLine {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private StatusLine() {}

  /**
   * @param counters source counters (polls, records...)
   * @param lastAggregate the newest record seen on the output topic, or null
   * @param batches Spark micro-batches completed; -1 when the job runs elsewhere ({@code
   *     pipeline.part = ingest}: its output is still read and shown)
   * @param lag records on the input topic not yet processed by Spark, or -1 if unknown
   * @param lastPollAge time since the last successful poll, or null if none yet
   * @param rejectedBySpark station records the Spark job could not read (counted and dropped)
   * @param postcodes where the stations' postcodes stand now, or null if unknown
   */
  static String format(
      Instant now,
      Map<String, Long> counters,
      PostcodeAvailability lastAggregate,
      long batches,
      long lag,
      Duration lastPollAge,
      long rejectedBySpark,
      PostcodeResolution postcodes) {
    StringBuilder line = new StringBuilder(CLOCK.format(now))
        .append(" UTC | polls ")
        .append(counters.getOrDefault("polls.ok", 0L))
        .append(" ok");
    long failed = counters.getOrDefault("polls.failed", 0L);
    if (failed > 0) {
      line.append(", ").append(failed).append(" failed");
    }
    if (lastPollAge != null) {
      line.append(" (last ").append(lastPollAge.toSeconds()).append("s ago)");
    }
    line.append(" | published ")
        .append(counters.getOrDefault("records.published", 0L))
        .append(", unchanged ")
        .append(counters.getOrDefault("records.unchanged", 0L));
    long dead = counters.getOrDefault("dead_letters", 0L);
    if (dead > 0) {
      line.append(", dead letters ").append(dead);
    }
    line.append(postcodes(postcodes));
    if (batches < 0) {
      line.append(" | spark job elsewhere");
    } else {
      line.append(" | spark batches ")
          .append(batches)
          .append(", lag ")
          .append(lag < 0 ? "?" : Long.toString(lag));
    }
    if (rejectedBySpark > 0) {
      line.append(", rejected ").append(rejectedBySpark);
    }
    if (lastAggregate == null) {
      line.append(" | no aggregate yet");
    } else {
      line.append(" | last ")
          .append(lastAggregate.key())
          .append(": ")
          .append(lastAggregate.bikesAvailable())
          .append(" bikes (")
          .append(split(lastAggregate))
          .append(") in ")
          .append(lastAggregate.stations())
          .append(lastAggregate.stations() == 1 ? " station" : " stations");
    }
    return line.toString();
  }

  /**
   * "5 mechanical, 4 electric"; a kind no station of the postcode gives is unknown, not 0 (GBFS 1.x
   * feeds count bikes only): "unknown types" when neither is given, and the bikes of stations
   * without a breakdown beside a partial split ("3 mechanical, 1 electric, 8 untyped").
   */
  private static String split(PostcodeAvailability a) {
    if (a.mechanical() == null && a.ebike() == null) {
      return "unknown types";
    }
    StringBuilder split = new StringBuilder()
        .append(a.mechanical() == null ? "mechanical unknown" : a.mechanical() + " mechanical")
        .append(", ")
        .append(a.ebike() == null ? "electric unknown" : a.ebike() + " electric");
    if (a.untypedBikes() != null && a.untypedBikes() > 0) {
      split.append(", ").append(a.untypedBikes()).append(" untyped");
    }
    return split.toString();
  }

  /**
   * E.g. {@code , postcode pending 12, unknown 84 (geocoder unreachable 80, no address 4), geocoder
   * down until 08:16:00}: the current stations, shown only when some are not placed.
   */
  static String postcodes(PostcodeResolution postcodes) {
    if (postcodes == null || (postcodes.pending() == 0 && postcodes.unknown() == 0)) {
      return "";
    }
    StringBuilder part = new StringBuilder(", postcode");
    if (postcodes.pending() > 0) {
      part.append(" pending ").append(postcodes.pending());
    }
    if (postcodes.unknown() > 0) {
      part.append(postcodes.pending() > 0 ? ", unknown " : " unknown ")
          .append(postcodes.unknown())
          .append(postcodes.unknownByReason().entrySet().stream()
              .map(e -> e.getKey().words() + " " + e.getValue())
              .collect(Collectors.joining(", ", " (", ")")));
    }
    if (postcodes.geocoder() == GeocoderState.OPEN
        || postcodes.geocoder() == GeocoderState.PROBING) {
      part.append(", geocoder down");
    } else if (postcodes.geocoder() == GeocoderState.RATE_LIMITED) {
      part.append(", geocoder rate limited");
    }
    if (postcodes.geocoderRetryAt() != null && postcodes.geocoder() != GeocoderState.PROBING) {
      part.append(" until ").append(CLOCK.format(postcodes.geocoderRetryAt()));
    }
    return part.toString();
  }

  /** The longest reason of a failing system shown on the line; the health shows it whole. */
  static final int REASON_SHOWN = 120;

  /**
   * The catalogue-wide part of the line (appended to {@link #format}'s), e.g. {@code | systems
   * 18/21 ok, 1 failing (sim-0005: station_status http://...: HTTP 500), 1 without stations, 1
   * need credentials | last 5s: 21 polls, 2 failed, +340 records (68/s), slowest sim-0003 1.2s}.
   *
   * @param round what happened since the previous line
   * @param publishedInRound records published since the previous line
   */
  static String systems(
      SystemsSummary summary,
      int needCredentials,
      SystemsPoller.Round round,
      long publishedInRound) {
    StringBuilder line = new StringBuilder(" | systems ")
        .append(summary.count(State.OK))
        .append('/')
        .append(summary.systems())
        .append(" ok");
    int failing = summary.count(State.FAILING);
    if (failing > 0) {
      line.append(", ").append(failing).append(" failing");
      SystemReport worst = summary.worstFailing();
      if (worst != null) {
        line.append(" (")
            .append(worst.systemId())
            .append(": ")
            .append(cut(worst.reason()))
            .append(')');
      }
    }
    if (summary.count(State.SKIPPED) > 0) {
      line.append(", ").append(summary.count(State.SKIPPED)).append(" without stations");
    }
    if (summary.count(State.WAITING) > 0) {
      line.append(", ").append(summary.count(State.WAITING)).append(" waiting");
    }
    if (needCredentials > 0) {
      line.append(", ").append(needCredentials).append(" need credentials");
    }
    long seconds = Math.max(1, round.length().toSeconds());
    line.append(" | last ")
        .append(seconds)
        .append("s: ")
        .append(round.polls())
        .append(round.polls() == 1 ? " poll" : " polls");
    if (round.failed() > 0) {
      line.append(", ").append(round.failed()).append(" failed");
    }
    line.append(", +")
        .append(publishedInRound)
        .append(" records (")
        .append(publishedInRound / seconds)
        .append("/s)");
    if (round.slowestSystem() != null) {
      line.append(", slowest ")
          .append(round.slowestSystem())
          .append(' ')
          .append(String.format(
              java.util.Locale.ROOT, "%.1fs", round.slowestTook().toMillis() / 1000.0));
    }
    return line.toString();
  }

  /**
   * The cluster part of a run on a cluster: {@code | cluster ok: kafka 3/3 brokers, spark 2/2
   * executors}, or {@code | cluster DEGRADED: kafka 2/3 brokers, spark 1/2 executors (1 lost)}
   * while a member is away; empty before the first measurement.
   */
  static String cluster(ClusterHealth health) {
    if (health == null) {
      return "";
    }
    StringBuilder line = new StringBuilder(" | cluster ")
        .append(health.status().equals("ok") ? "ok" : "DEGRADED")
        .append(": kafka ")
        .append(health.kafkaBrokers() == null ? "?" : health.kafkaBrokers().toString())
        .append('/')
        .append(health.kafkaBrokersSeen())
        .append(" brokers");
    if (health.executors() != null) {
      line.append(", spark ")
          .append(health.executors())
          .append('/')
          .append(health.executorsSeen())
          .append(" executors");
      if (health.executorsLost() > 0) {
        line.append(" (").append(health.executorsLost()).append(" lost)");
      }
    }
    return line.toString();
  }

  private static String cut(String reason) {
    if (reason == null) {
      return "failed";
    }
    return reason.length() <= REASON_SHOWN ? reason : reason.substring(0, REASON_SHOWN - 3) + "...";
  }
}
