package io.citypulse.dashboard.state;

/**
 * One key whose state changed: the listener looks the current view up when it sends, so a burst
 * of changes to one key collapses into one event carrying the latest state.
 */
public record Change(Kind kind, String key) {}
