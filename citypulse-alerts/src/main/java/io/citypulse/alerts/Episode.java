package io.citypulse.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One open condition of one subject: the state machine of a rule. No episode = idle.
 *
 * <pre>
 *   idle --active--> PENDING --held minDuration--> RAISED (emit raised)
 *   PENDING --inactive--> idle (nothing emitted: min-duration not reached)
 *   RAISED --inactive--> RECOVERING; --clearNow--> idle (emit cleared)
 *   RECOVERING --active--> RAISED (nothing emitted: a flap)
 *   RECOVERING --inactive held clearAfter, or clearNow--> idle (emit cleared)
 * </pre>
 *
 * A record's state holds from its event time until the subject's next record, so time-based
 * steps (raise, clear) happen at their deadline, whether a later record or the passing of time
 * ({@link #advance}) reveals them.
 *
 * @param deadline when PENDING raises or RECOVERING clears; null when RAISED
 * @param values the values of the subject's newest record for this rule
 */
public record Episode(
    @JsonProperty("phase") Phase phase,
    @JsonProperty("kind") AlertKind kind,
    @JsonProperty("rule") String rule,
    @JsonProperty("severity") Severity severity,
    @JsonProperty("since") Instant since,
    @JsonProperty("deadline") Instant deadline,
    @JsonProperty("values") Map<String, Double> values,
    @JsonProperty("raised_message") String raisedMessage,
    @JsonProperty("cleared_message") String clearedMessage) {

  /** Where an episode stands. */
  public enum Phase {
    PENDING,
    RAISED,
    RECOVERING
  }

  /**
   * The episode once time has reached {@code now} with no new record: a due raise or clear is
   * appended to {@code out}. Returns null when the episode ended.
   */
  Episode advance(String subject, Instant now, List<Alert> out) {
    if (deadline == null || deadline.isAfter(now)) {
      return this;
    }
    if (phase == Phase.PENDING) {
      out.add(alert(subject, AlertState.RAISED, deadline, raisedMessage));
      return with(Phase.RAISED, null, values, raisedMessage, clearedMessage);
    }
    if (phase == Phase.RECOVERING) {
      out.add(alert(subject, AlertState.CLEARED, deadline, clearedMessage));
      return null;
    }
    return this;
  }

  /**
   * The episode after a record at {@code at} (time already advanced to {@code at}); {@code
   * episode} null = idle. Returns null when idle afterwards.
   */
  static Episode observe(
      String subject, Episode episode, Check check, Instant at, List<Alert> out) {
    EpisodeRules rules = check.rules();
    if (episode == null) {
      if (!check.active()) {
        return null;
      }
      Episode pending = new Episode(
          Phase.PENDING,
          check.kind(),
          check.rule(),
          check.severity(),
          at,
          at.plus(rules.minDuration()),
          check.values(),
          check.raisedMessage(),
          check.clearedMessage());
      return pending.advance(subject, at, out);
    }
    switch (episode.phase) {
      case PENDING:
        return check.active()
            ? episode.with(
                Phase.PENDING,
                episode.deadline,
                check.values(),
                check.raisedMessage(),
                check.clearedMessage())
            : null;
      case RAISED:
        if (check.active()) {
          return episode.with(
              Phase.RAISED, null, check.values(), episode.raisedMessage, check.clearedMessage());
        }
        if (check.clearNow()) {
          out.add(episode.cleared(subject, at, check));
          return null;
        }
        return episode
            .with(
                Phase.RECOVERING,
                at.plus(rules.clearAfter()),
                check.values(),
                episode.raisedMessage,
                check.clearedMessage())
            .advance(subject, at, out);
      case RECOVERING:
        if (check.active()) {
          return episode.with(
              Phase.RAISED, null, check.values(), episode.raisedMessage, check.clearedMessage());
        }
        if (check.clearNow()) {
          out.add(episode.cleared(subject, at, check));
          return null;
        }
        // The recovery keeps its start: its deadline does not move with each record.
        return episode.with(
            Phase.RECOVERING,
            episode.deadline,
            check.values(),
            episode.raisedMessage,
            check.clearedMessage());
      default:
        throw new IllegalStateException("unknown phase " + episode.phase);
    }
  }

  private Alert cleared(String subject, Instant at, Check check) {
    return new Alert(
        subject,
        kind,
        rule,
        AlertState.CLEARED,
        since,
        at,
        severity,
        check.clearedMessage(),
        check.values());
  }

  private Alert alert(String subject, AlertState state, Instant at, String message) {
    return new Alert(subject, kind, rule, state, since, at, severity, message, values);
  }

  private Episode with(
      Phase phase,
      Instant deadline,
      Map<String, Double> values,
      String raisedMessage,
      String clearedMessage) {
    return new Episode(
        phase, kind, rule, severity, since, deadline, values, raisedMessage, clearedMessage);
  }
}
