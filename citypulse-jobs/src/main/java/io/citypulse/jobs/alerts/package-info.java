/**
 * The alerts job (issue 20): the pure rules of {@code citypulse-alerts} applied per subject in
 * {@code flatMapGroupsWithState}, from the stations, postcode availability, weather features and
 * health topics to {@code citypulse-alerts}.
 */
package io.citypulse.jobs.alerts;
