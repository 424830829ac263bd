package io.citypulse.forecast;

import java.util.List;
import java.util.Objects;

/**
 * What a model is fitted from in {@code forecast evaluate}: the log and its split. A fitter must
 * read only the train part ({@link Sampler.Part#TRAIN} samples, profiles fitted with this split):
 * the test part is what it is scored on.
 *
 * @param log the whole log (test part included: the live features look back into the past)
 * @param split where the train part ends
 * @param slots the slots of the profiles
 * @param horizons the horizons to forecast, seconds, ascending
 */
public record TrainingData(StateLog log, TimeSplit split, SlotScheme slots, List<Long> horizons) {
  public TrainingData {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(slots, "slots");
    horizons = List.copyOf(horizons);
  }
}
