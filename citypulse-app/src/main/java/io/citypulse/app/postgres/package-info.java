/**
 * Which PostgreSQL the application uses ({@link io.citypulse.app.postgres.PostgresAccess}): the
 * server the settings name, else the embedded one ({@link io.citypulse.storage.postgres.PostgresServer})
 * with its data in {@code <state-dir>/postgres}; used by the pipeline ({@code run}, {@code demo}) and
 * by {@code history}.
 */
package io.citypulse.app.postgres;
