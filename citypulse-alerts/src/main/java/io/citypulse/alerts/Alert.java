package io.citypulse.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One record of the {@code citypulse-alerts} topic, keyed by {@link #subject}: an episode was
 * raised, or cleared. Both records of an episode carry the same {@code since}, {@code kind} and
 * {@code rule}, so {@link #episodeKey()} pairs them.
 *
 * @param subject what the alert is about: {@code station:<system>:<code>}, {@code
 *     postcode:<code>}, {@code weather:<location>}, {@code feed:<name>} or {@code job:<name>}
 * @param rule the condition, e.g. {@code bikes_available=0} or {@code temperature_c>35}: tells
 *     two threshold alerts of one subject apart
 * @param since when the episode started (event time: the first record in the condition)
 * @param at event time of this record: when the condition had held for the minimum duration
 *     (raised), or when the recovery was confirmed (cleared)
 * @param values the numbers the rule looked at, at {@code at}
 */
@JsonPropertyOrder({
  "subject",
  "kind",
  "rule",
  "state",
  "since",
  "at",
  "severity",
  "message",
  "values"
})
public record Alert(
    @JsonProperty("subject") String subject,
    @JsonProperty("kind") AlertKind kind,
    @JsonProperty("rule") String rule,
    @JsonProperty("state") AlertState state,
    @JsonProperty("since") Instant since,
    @JsonProperty("at") Instant at,
    @JsonProperty("severity") Severity severity,
    @JsonProperty("message") String message,
    @JsonProperty("values") Map<String, Double> values) {

  public Alert {
    values = values == null ? Map.of() : new TreeMap<>(values);
  }

  /** {@code subject|kind|rule}: the same for the raised and the cleared record of an episode. */
  @JsonIgnore
  public String episodeKey() {
    return subject + "|" + kind.id() + "|" + rule;
  }

  /** Whether this record opens an episode. */
  @JsonIgnore
  public boolean isRaised() {
    return state == AlertState.RAISED;
  }
}
