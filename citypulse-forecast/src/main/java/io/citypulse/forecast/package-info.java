/**
 * Station forecasts (issue 20): reading station-state logs, sampling them on a regular grid,
 * splitting by time, the baselines, the feature builder and the evaluation report. Pure Java: the
 * Spark MLlib model and the live scoring build on these.
 */
package io.citypulse.forecast;
