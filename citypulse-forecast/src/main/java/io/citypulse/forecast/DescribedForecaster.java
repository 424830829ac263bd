package io.citypulse.forecast;

/** A {@link StationForecaster} that can say, for people, what it is at each horizon. */
public interface DescribedForecaster extends StationForecaster {

  /** What the model is at this horizon (seconds), e.g. {@code blend a=0.05 b=0.70 rounded}. */
  String describe(long horizonSeconds);
}
