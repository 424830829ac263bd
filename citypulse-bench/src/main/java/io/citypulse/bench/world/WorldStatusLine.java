package io.citypulse.bench.world;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bike status line of {@code citypulse run} (its {@code StatusLine}, printed every {@code
 * status.interval}), the parts the world bench reads:
 *
 * <pre>
 * 02:09:44 UTC | polls 25 ok, 2 failed (last 0s ago) | published 12382, unchanged 636, ...
 *     | spark batches 2, lag 0 | last 871951b75ffffff: 14 bikes (...) in 1 station
 *     | systems 19/19 ok, 1 failing (...), 1 need credentials | last 5s: 6 polls, +0 records (0/s), ...
 * </pre>
 *
 * The systems part is there with {@code --systems} only; the counters are cumulative since the
 * start of that process, the {@code last Ns} part covers the time since the previous line.
 *
 * @param pollsOk cumulative successful polls
 * @param pollsFailed cumulative failed polls
 * @param published cumulative station records published
 * @param batches Spark micro-batches completed
 * @param lag records on the input topic not yet processed by Spark; null when the line says {@code ?}
 * @param systemsOk systems whose last poll succeeded; null without the systems part
 * @param systems systems polled; null without the systems part
 * @param failing systems failing now; 0 without the systems part
 * @param roundPolls polls since the previous line; null without the systems part
 */
public record WorldStatusLine(
    String clock,
    long pollsOk,
    long pollsFailed,
    long published,
    long batches,
    Long lag,
    Integer systemsOk,
    Integer systems,
    int failing,
    Long roundPolls) {

  private static final Pattern HEAD =
      Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d) UTC \\| polls (\\d+) ok(?:, (\\d+) failed)?");
  private static final Pattern PUBLISHED = Pattern.compile("\\| published (\\d+),");
  private static final Pattern SPARK = Pattern.compile("\\| spark batches (\\d+), lag (\\d+|\\?)");
  private static final Pattern SYSTEMS =
      Pattern.compile("\\| systems (\\d+)/(\\d+) ok(?:, (\\d+) failing)?");
  private static final Pattern ROUND = Pattern.compile("\\| last \\d+s: (\\d+) polls?\\b");

  /** The line's parts, or empty when it is not a bike status line (a log line, another status). */
  public static Optional<WorldStatusLine> parse(String line) {
    Matcher head = HEAD.matcher(line);
    Matcher spark = SPARK.matcher(line);
    if (!head.find() || !spark.find()) {
      return Optional.empty();
    }
    Matcher published = PUBLISHED.matcher(line);
    Matcher systems = SYSTEMS.matcher(line);
    Matcher round = ROUND.matcher(line);
    boolean withSystems = systems.find();
    return Optional.of(new WorldStatusLine(
        head.group(1),
        Long.parseLong(head.group(2)),
        head.group(3) == null ? 0 : Long.parseLong(head.group(3)),
        published.find() ? Long.parseLong(published.group(1)) : 0,
        Long.parseLong(spark.group(1)),
        spark.group(2).equals("?") ? null : Long.parseLong(spark.group(2)),
        withSystems ? Integer.parseInt(systems.group(1)) : null,
        withSystems ? Integer.parseInt(systems.group(2)) : null,
        withSystems && systems.group(3) != null ? Integer.parseInt(systems.group(3)) : 0,
        round.find() ? Long.parseLong(round.group(1)) : null));
  }

  /** Every poll so far, successful or not. */
  public long polls() {
    return pollsOk + pollsFailed;
  }

  /**
   * A status line and when the bench read it.
   *
   * @param atNanos {@link System#nanoTime} when read from the log (within half a second of when
   *     it was printed)
   * @param life which launch of the pipeline printed it (its counters restart at each launch)
   */
  public record Timed(long atNanos, int life, WorldStatusLine line) {}

  /**
   * Polls per round over consecutive windows of the lines of one launch: from a line to the first
   * line at least {@code round} later, the polls between the two scaled to exactly one round (the
   * status lines come every few seconds, not on the round's edges). A last window shorter than a
   * round is left out.
   */
  public static List<Double> pollsPerRound(List<Timed> lines, Duration round) {
    List<Double> rounds = new ArrayList<>();
    long roundNanos = round.toNanos();
    int from = 0;
    for (int i = 1; i < lines.size(); i++) {
      long span = lines.get(i).atNanos() - lines.get(from).atNanos();
      if (span >= roundNanos) {
        long polls = lines.get(i).line().polls() - lines.get(from).line().polls();
        rounds.add(polls * (double) roundNanos / span);
        from = i;
      }
    }
    return rounds;
  }

  /**
   * When a change of {@code changed} stations had gone through the pipeline: the first line, after
   * the first one counting at least {@code changed} more records published than {@code
   * publishedBefore}, that reads lag 0 (Spark has read everything published by then). Null if
   * the lines do not show it yet.
   *
   * @return that line's {@link Timed#atNanos}, or null
   */
  public static Long changesThrough(List<Timed> lines, long publishedBefore, long changed) {
    boolean published = false;
    for (Timed t : lines) {
      if (published && t.line().lag() != null && t.line().lag() == 0) {
        return t.atNanos();
      }
      published = published || t.line().published() - publishedBefore >= changed;
    }
    return null;
  }

  /**
   * The longest stretch, in seconds, from a line reading a lag above 0 to the next line reading
   * lag 0 (or to the last line if it never does); 0 when every line reads 0. Lines reading {@code
   * ?} are skipped.
   */
  public static double longestLagAboveZero(List<Timed> lines) {
    long longest = 0;
    Long since = null;
    Timed last = null;
    for (Timed t : lines) {
      Long lag = t.line().lag();
      if (lag == null) {
        continue;
      }
      last = t;
      if (lag > 0 && since == null) {
        since = t.atNanos();
      } else if (lag == 0 && since != null) {
        longest = Math.max(longest, t.atNanos() - since);
        since = null;
      }
    }
    if (since != null) {
      longest = Math.max(longest, last.atNanos() - since);
    }
    return longest / 1e9;
  }
}
