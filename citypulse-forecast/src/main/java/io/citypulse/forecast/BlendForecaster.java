package io.citypulse.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link BlendModel}s of several horizons as a {@link StationForecaster}: the Spark-free model
 * of {@code forecast evaluate}, and the fallback when no trained model exists. Bikes stay within
 * {@code [0, max(capacity, bikes now)]} as the blend always did; docks follow the same rule as
 * {@link ForecastModel} (places in service now − bikes).
 */
public final class BlendForecaster implements DescribedForecaster {
  private final List<BlendModel> models;
  private final List<Long> horizons;

  private BlendForecaster(List<BlendModel> models) {
    this.models = List.copyOf(models);
    this.horizons = models.stream().map(BlendModel::horizon).toList();
  }

  /** Fits one blend per horizon on the train part of {@code data}. */
  public static BlendForecaster fit(TrainingData data) {
    TimeSplit split = data.split();
    SlotTable slots = new SlotTable(data.slots(), split.start(), split.end(), split.step());
    Profiles profiles = Profiles.fit(data.log(), split, slots);
    List<BlendModel> models = new ArrayList<>();
    for (long h : data.horizons()) {
      Profiles.Changes changes = Profiles.Changes.fit(data.log(), split, slots, h);
      models.add(BlendModel.fit(data.log(), split, slots, profiles, changes, h));
    }
    return new BlendForecaster(models);
  }

  @Override
  public List<Long> horizons() {
    return horizons;
  }

  @Override
  public StationForecast forecast(StateLog.Station station, long time) {
    StationState now = station.stateAt(time);
    if (now == null) {
      throw new IllegalArgumentException(
          "station " + station.code() + " has no state at " + Instant.ofEpochSecond(time));
    }
    double places = now.bikes() + Math.max(0, now.docks());
    double upper = Math.max(now.capacity(), now.bikes());
    List<HorizonForecast> out = new ArrayList<>();
    for (BlendModel m : models) {
      Sample s = new Sample(station, time, m.horizon(), now, null);
      double bikes = m.predictBikes(s);
      out.add(new HorizonForecast(
          m.horizon(),
          bikes,
          Math.min(Math.max(places - bikes, 0), upper),
          m.probabilityEmpty(s),
          m.probabilityFull(s)));
    }
    return new StationForecast(station.code(), time, out);
  }

  @Override
  public String describe(long horizonSeconds) {
    BlendModel m = models.get(horizons.indexOf(horizonSeconds));
    return String.format(
        Locale.ROOT,
        "blend a=%.2f b=%.2f%s",
        m.weights()[0],
        m.weights()[1],
        m.rounded() ? " rounded" : "");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (long h : horizons) {
      s.append(s.length() == 0 ? "" : "; ")
          .append(Horizons.label(Duration.ofSeconds(h)))
          .append(' ')
          .append(describe(h));
    }
    return s.toString();
  }
}
