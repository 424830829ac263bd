package io.citypulse.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the alert rules remember of one subject: the event time of its newest record and its
 * open episodes by rule. A small value, encoded as JSON bytes ({@link #encode}), which the Spark
 * job keeps in its state store so that a restart resumes mid-episode without a second raise.
 *
 * @param lastAt event time of the newest record (or time advanced to): anything at or before it
 *     is out of order and ignored
 * @param episodes open episodes by {@code kind|rule}
 */
public record SubjectState(
    @JsonProperty("last_at") Instant lastAt,
    @JsonProperty("episodes") Map<String, Episode> episodes) {

  public SubjectState {
    episodes = episodes == null ? new TreeMap<>() : new TreeMap<>(episodes);
  }

  /** A subject never seen. */
  public static SubjectState empty() {
    return new SubjectState(null, Map.of());
  }

  /** The result of a step: the new state and the records to publish, in event-time order. */
  public record Outcome(SubjectState state, List<Alert> alerts, boolean ignored) {}

  /**
   * Applies one record of {@code subject} at event time {@code at}, with the rules evaluated on
   * it. A record at or before {@link #lastAt} is ignored (returned with {@code ignored}): a
   * duplicate or an out-of-order record must not reopen or close an episode.
   *
   * <p>A check missing for an open episode (the value was null, or the rule was removed from the
   * config) leaves that episode as it is.
   */
  public Outcome apply(String subject, Instant at, List<Check> checks) {
    if (lastAt != null && !at.isAfter(lastAt)) {
      return new Outcome(this, List.of(), true);
    }
    List<Alert> out = new ArrayList<>();
    Map<String, Episode> next = advanced(subject, at, out);
    for (Check check : checks) {
      Episode episode = Episode.observe(subject, next.get(check.id()), check, at, out);
      if (episode == null) {
        next.remove(check.id());
      } else {
        next.put(check.id(), episode);
      }
    }
    return new Outcome(new SubjectState(at, next), out, false);
  }

  /**
   * Time passes with no record (the Spark job's event-time timeout, at the watermark): raises and
   * clears whose deadline is at or before {@code now}. Records at or before {@code now} are
   * ignored afterwards.
   */
  public Outcome advance(String subject, Instant now) {
    List<Alert> out = new ArrayList<>();
    Map<String, Episode> next = advanced(subject, now, out);
    Instant newest = lastAt == null || now.isAfter(lastAt) ? now : lastAt;
    return new Outcome(new SubjectState(newest, next), out, false);
  }

  private Map<String, Episode> advanced(String subject, Instant now, List<Alert> out) {
    Map<String, Episode> next = new TreeMap<>();
    for (Map.Entry<String, Episode> entry : episodes.entrySet()) {
      Episode episode = entry.getValue().advance(subject, now, out);
      if (episode != null) {
        next.put(entry.getKey(), episode);
      }
    }
    // Two episodes of one subject may both be due: publish in event-time order.
    out.sort(java.util.Comparator.comparing(Alert::at));
    return next;
  }

  /** The earliest deadline of an open episode, null when nothing is due without a new record. */
  @JsonIgnore
  public Instant nextDeadline() {
    Instant earliest = null;
    for (Episode episode : episodes.values()) {
      Instant deadline = episode.deadline();
      if (deadline != null && (earliest == null || deadline.isBefore(earliest))) {
        earliest = deadline;
      }
    }
    return earliest;
  }

  /** Whether an episode is open (raised, pending or recovering). */
  @JsonIgnore
  public boolean hasEpisodes() {
    return !episodes.isEmpty();
  }

  public byte[] encode() {
    return Json.write(this);
  }

  /** Reads {@link #encode}'s bytes; throws {@link IllegalArgumentException} when unreadable. */
  public static SubjectState decode(byte[] bytes) {
    return Json.read(bytes, SubjectState.class);
  }
}
