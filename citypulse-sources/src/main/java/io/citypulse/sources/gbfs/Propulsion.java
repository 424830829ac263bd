package io.citypulse.sources.gbfs;

/** How a vehicle type moves, reduced to the two bike kinds citypulse counts. */
public enum Propulsion {
  MECHANICAL,
  EBIKE,
  /** Anything else (scooters, cars, combustion...): counted in neither bike kind. */
  OTHER
}
