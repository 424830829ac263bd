package io.citypulse.app.sink;

/**
 * A record a sink cannot take, ever (a mapping conflict, a value the server rejects): it goes to
 * the dead-letter topic instead of being retried forever.
 */
public record Refusal(SinkRecord record, String reason, String detail) {}
