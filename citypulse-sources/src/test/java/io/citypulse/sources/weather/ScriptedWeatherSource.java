package io.citypulse.sources.weather;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A source that answers from a script per location (the last answer repeats) and records calls. */
final class ScriptedWeatherSource implements WeatherSource {
  private final Map<String, Deque<WeatherFetch>> script = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  ScriptedWeatherSource answer(String location, WeatherFetch... outcomes) {
    script.computeIfAbsent(location, k -> new ArrayDeque<>()).addAll(List.of(outcomes));
    return this;
  }

  static WeatherFetch.Observed observed(String location, Instant observedAt, double temperature) {
    WeatherObservation observation = new WeatherObservation(
        location,
        null,
        null,
        1.0,
        2.0,
        observedAt,
        0,
        temperature,
        null,
        50.0,
        1013.0,
        3.0,
        180.0,
        4.0,
        20.0,
        0.0,
        "800",
        "clear sky",
        "scripted",
        observedAt.plusSeconds(30));
    return new WeatherFetch.Observed(
        observation, URI.create("scripted:" + location), Json.write(observation));
  }

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public String describe() {
    return "scripted source";
  }

  @Override
  public WeatherFetch fetch(WeatherLocation location) {
    calls.add(location.key());
    Deque<WeatherFetch> outcomes = script.get(location.key());
    if (outcomes == null || outcomes.isEmpty()) {
      throw new AssertionError("no scripted answer for " + location.key());
    }
    return outcomes.size() > 1 ? outcomes.poll() : outcomes.peek();
  }
}
