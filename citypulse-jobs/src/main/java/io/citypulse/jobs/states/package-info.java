/**
 * Station states for {@code citypulse forecast}: a Parquet file of states, or the stations of the
 * Parquet history, read with Spark into the forecast module's {@code StateLog}.
 */
package io.citypulse.jobs.states;
