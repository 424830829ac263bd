package io.citypulse.alerts;

import java.util.Map;

/**
 * One rule evaluated on one record of a subject.
 *
 * @param active whether the record is in the alert condition (e.g. 0 bikes)
 * @param clearNow whether the record is well out of it (e.g. at least {@code clear-margin} bikes):
 *     an open episode clears at once instead of after {@link EpisodeRules#clearAfter}
 * @param raisedMessage the message of the raised record, should this record's episode be raised
 * @param clearedMessage the message of the cleared record, should this record clear it
 */
public record Check(
    AlertKind kind,
    String rule,
    Severity severity,
    EpisodeRules rules,
    boolean active,
    boolean clearNow,
    Map<String, Double> values,
    String raisedMessage,
    String clearedMessage) {

  /** {@code kind|rule}: the episode this check drives, within its subject. */
  String id() {
    return kind.id() + "|" + rule;
  }
}
