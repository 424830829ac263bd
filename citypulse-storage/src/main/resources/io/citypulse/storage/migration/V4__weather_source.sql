-- citypulse storage schema, version 4: several weather sources at once.
-- Several sources may observe one location (weather.sources = tomorrow.io,scraper,generator): the
-- topics are keyed by source:location (io.citypulse.model.WeatherKey) and the features job keeps a
-- trend per source and location. Until version 3 the tables were keyed by location alone, so two
-- sources of one place overwrote each other's current row and collided in the history. Now:
--   source  the record's source; '' (empty) for a record that names none
-- and the keys are (source, location) and (source, location, observed_at).

UPDATE weather_current SET source = '' WHERE source IS NULL;
ALTER TABLE weather_current
  ALTER COLUMN source SET DEFAULT '',
  ALTER COLUMN source SET NOT NULL,
  DROP CONSTRAINT weather_current_pk,
  ADD CONSTRAINT weather_current_pk PRIMARY KEY (source, location);

UPDATE weather_history SET source = '' WHERE source IS NULL;
ALTER TABLE weather_history
  ALTER COLUMN source SET DEFAULT '',
  ALTER COLUMN source SET NOT NULL,
  DROP CONSTRAINT weather_history_pk,
  ADD CONSTRAINT weather_history_pk PRIMARY KEY (source, location, observed_at);
