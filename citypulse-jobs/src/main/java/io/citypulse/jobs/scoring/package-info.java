/**
 * The live forecast scoring: each station's recent states kept in Spark's state store, the
 * latest trained model applied on the driver to each changed station, forecasts published to
 * {@code citypulse-forecasts}.
 */
package io.citypulse.jobs.scoring;
