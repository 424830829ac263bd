-- citypulse storage schema, version 3: per-area totals of several bike-share systems.
-- A catalogue-wide run (run --systems) sums each system's areas apart: the topic's key is
-- system:area and the record names its system (io.citypulse.model.PostcodeAvailability). Until
-- version 2 the tables were keyed by postcode alone, so two systems with an area of the same name
-- (two systems in one city, or every system's UNKNOWN) overwrote each other's current row and
-- collided in the history. Now:
--   system  the record's system; '' (empty) for a run of one system, whose records name none, so
--           the rows written before version 3 keep their meaning
-- and the keys are (system, postcode) and (system, postcode, updated_at).

ALTER TABLE postcode_availability_current
  ADD COLUMN system text NOT NULL DEFAULT '',
  DROP CONSTRAINT postcode_availability_current_pk,
  ADD CONSTRAINT postcode_availability_current_pk PRIMARY KEY (system, postcode);

ALTER TABLE postcode_availability_history
  ADD COLUMN system text NOT NULL DEFAULT '',
  DROP CONSTRAINT postcode_availability_history_pk,
  ADD CONSTRAINT postcode_availability_history_pk PRIMARY KEY (system, postcode, updated_at);
