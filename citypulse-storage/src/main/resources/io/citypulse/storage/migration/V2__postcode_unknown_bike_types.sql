-- citypulse storage schema, version 2: a postcode's split by propulsion can be unknown.
-- Many feeds (GBFS 1.x, e.g. Motivate's) give only num_bikes_available, no breakdown by
-- propulsion. Until version 1 the per-postcode totals summed such a station as 0 mechanical and
-- 0 e-bikes; now (io.citypulse.model.PostcodeAvailability):
--   mechanical     sum over the postcode's stations that give a mechanical count; NULL when none does
--   ebike          the same for e-bikes
--   untyped_bikes  bikes_available of the stations that give neither (so a partly typed postcode
--                  says how many bikes its split leaves out); NULL in rows written before version 2
-- Rows written before keep their values (an unknown split was stored as 0 then).
-- Both statements only change the catalog: no table rewrite, no long lock.

ALTER TABLE postcode_availability_current
  ALTER COLUMN mechanical DROP NOT NULL,
  ALTER COLUMN ebike DROP NOT NULL,
  ADD COLUMN untyped_bikes bigint;

ALTER TABLE postcode_availability_history
  ALTER COLUMN mechanical DROP NOT NULL,
  ALTER COLUMN ebike DROP NOT NULL,
  ADD COLUMN untyped_bikes bigint;
