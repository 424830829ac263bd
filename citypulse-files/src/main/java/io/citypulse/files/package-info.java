/**
 * Record files in and out (CSV, JSON, JSON Lines, XLSX, XML, YAML), streamed row by row.
 *
 * <p>Reading weather observations, dead-lettering what cannot be used:
 *
 * <pre>{@code
 * FileFormat format = FileFormat.guess(name);
 * ColumnMapping.Renamer renamer = ColumnMapping.identity().renamer(WeatherRows.FIELDS, warn);
 * try (RecordReader reader = RecordReader.open(format, in, ReadOptions.forFile(name))) {
 *   for (Row row = reader.next(); row != null; row = reader.next()) {
 *     if (row.isError()) { deadLetter(row.label(), row.error()); continue; }
 *     RowResult<WeatherObservation> result = WeatherRows.fromRow(renamer.apply(row.fields()));
 *     if (result instanceof RowResult.Ok<WeatherObservation> ok) publish(ok.value());
 *     else deadLetter(row.label(), ((RowResult.Invalid<WeatherObservation>) result).message());
 *   }
 * }
 * }</pre>
 *
 * <p>Writing: {@code RecordWriter.open(format, out, WeatherRows.COLUMNS,
 * WriteOptions.forFile(name))}, then {@code write(WeatherRows.toRow(observation))} per record and
 * {@code close()}. Nothing here opens files, topics or URLs: the caller gives the streams.
 */
package io.citypulse.files;
