package io.citypulse.sources.poll;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one background thread of a poller: a daemon started once, interrupted and joined on stop. */
public final class PollingThread {
  private static final Logger LOG = LoggerFactory.getLogger(PollingThread.class);

  private final String name;
  private Thread thread;

  public PollingThread(String name) {
    this.name = name;
  }

  /** @throws IllegalStateException if already started */
  public synchronized void start(Runnable loop) {
    if (thread != null) {
      throw new IllegalStateException(name + " already started");
    }
    thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Interrupts a wait or a fetch in progress and waits up to {@code timeout} for the loop to end. */
  public synchronized void stop(Duration timeout) {
    if (thread == null) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("Poller thread {} did not stop in time", name);
    }
  }
}
