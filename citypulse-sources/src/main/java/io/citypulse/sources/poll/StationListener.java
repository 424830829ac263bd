package io.citypulse.sources.poll;

/** Receives the stations of each successful status poll, on the poller's thread. */
@FunctionalInterface
public interface StationListener {

  void onStations(StationBatch batch);
}
