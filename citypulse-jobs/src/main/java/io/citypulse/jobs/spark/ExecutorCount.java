package io.citypulse.jobs.spark;

/**
 * The executors of a session whose jobs run on a cluster.
 *
 * @param alive executors registered now (the driver not counted)
 * @param removed executors removed since the session started (lost workers, killed JVMs)
 */
public record ExecutorCount(int alive, long removed) {}
