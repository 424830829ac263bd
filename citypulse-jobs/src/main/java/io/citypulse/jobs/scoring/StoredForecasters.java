package io.citypulse.jobs.scoring;

import io.citypulse.forecast.ForecastModelException;
import io.citypulse.forecast.ForecastModelStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest model saved under a state dir ({@code forecast train}), reloaded when the store's
 * latest pointer names another one: a hot swap between two batches. A model that cannot be
 * loaded is logged and counted, and the one in use (if any) stays until a loadable one is saved.
 */
public final class StoredForecasters implements ForecasterSource {
  private static final Logger LOG = LoggerFactory.getLogger(StoredForecasters.class);

  private final Path stateDir;
  private final AtomicLong loadFailures = new AtomicLong();
  private Model current;
  private String failedId;

  public StoredForecasters(Path stateDir) {
    this.stateDir = stateDir;
  }

  @Override
  public synchronized Optional<Model> current() {
    Optional<String> latest;
    try {
      latest = ForecastModelStore.latestId(stateDir);
    } catch (ForecastModelException e) {
      return failed("?", e);
    }
    if (latest.isEmpty()) {
      return Optional.ofNullable(current);
    }
    String id = latest.get();
    if (current != null && current.id().equals(id) || id.equals(failedId)) {
      return Optional.ofNullable(current);
    }
    try {
      ForecastModelStore.Loaded loaded = ForecastModelStore.load(stateDir, id);
      LOG.info(
          current == null
              ? "forecast model {} loaded ({})"
              : "forecast model {} replaces " + current.id() + " ({})",
          id,
          loaded.metadata().description());
      current = new Model(id, loaded.model());
      failedId = null;
    } catch (ForecastModelException e) {
      return failed(id, e);
    }
    return Optional.of(current);
  }

  /** Models that could not be loaded so far. */
  public long loadFailures() {
    return loadFailures.get();
  }

  private Optional<Model> failed(String id, ForecastModelException e) {
    loadFailures.incrementAndGet();
    failedId = id;
    LOG.warn(
        "cannot load forecast model {}{}: {}",
        id,
        current == null ? "" : " (still using " + current.id() + ")",
        e.getMessage());
    return Optional.ofNullable(current);
  }
}
