package io.citypulse.sources.weather;

/**
 * A client-side request budget: a token bucket of {@code burst} tokens refilled at
 * {@code perSecond}; any window of t seconds then holds at most {@code burst + perSecond * t} calls.
 */
public record WeatherRateLimit(double perSecond, int burst) {

  public WeatherRateLimit {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "rate limit must be a positive number of requests per second, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("rate limit burst must be at least 1, got " + burst);
    }
  }

  public static WeatherRateLimit perSecond(double perSecond, int burst) {
    return new WeatherRateLimit(perSecond, burst);
  }

  public static WeatherRateLimit perDay(int calls, int burst) {
    return new WeatherRateLimit(calls / 86_400.0, burst);
  }

  /** For logs: "1.0/s, burst 1" or "490/day, burst 3". */
  public String describe() {
    if (perSecond >= 0.1) {
      return perSecond + "/s, burst " + burst;
    }
    return Math.round(perSecond * 86_400) + "/day, burst " + burst;
  }
}
