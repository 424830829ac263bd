-- citypulse storage schema, version 1. Applied by io.citypulse.storage.schema.SchemaMigrator (Flyway).
-- Every result stream has a *_current table (one row per key, upserted only by a newer state) and
-- a *_history table (append-only, one row per key and state time, so a replayed batch adds nothing).
-- Bookkeeping columns on every table:
--   query_name  the streaming query (sink) that wrote the row
--   batch_id    the micro-batch id that wrote the row
--   written_at  when the row was written (database clock)

-- Per-postcode bike availability (topic velib-projet-final-data, io.citypulse.model.PostcodeAvailability).
CREATE TABLE postcode_availability_current (
  postcode        text        NOT NULL,  -- postal code, or 'UNKNOWN' for stations whose postcode could not be resolved
  commune         text,                  -- commune (city) name of the postcode, when known
  stations        integer     NOT NULL,  -- stations counted in the postcode
  bikes_available bigint      NOT NULL,  -- available bikes of all kinds, summed over the stations
  mechanical      bigint      NOT NULL,  -- available mechanical bikes
  ebike           bigint      NOT NULL,  -- available e-bikes
  docks_available bigint      NOT NULL,  -- free docks
  capacity        bigint      NOT NULL,  -- total docks (station capacity) summed over the stations
  updated_at      timestamptz NOT NULL,  -- freshest fetched_at (else last_reported) among the postcode's stations
  query_name      text        NOT NULL,
  batch_id        bigint      NOT NULL,
  written_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT postcode_availability_current_pk PRIMARY KEY (postcode)
);

CREATE TABLE postcode_availability_history (
  postcode        text        NOT NULL,  -- as in postcode_availability_current
  commune         text,
  stations        integer     NOT NULL,
  bikes_available bigint      NOT NULL,
  mechanical      bigint      NOT NULL,
  ebike           bigint      NOT NULL,
  docks_available bigint      NOT NULL,
  capacity        bigint      NOT NULL,
  updated_at      timestamptz NOT NULL,  -- the state's time: one row per postcode and updated_at
  query_name      text        NOT NULL,
  batch_id        bigint      NOT NULL,
  written_at      timestamptz NOT NULL DEFAULT now(),
  -- Also the index for "one postcode's history between two times".
  CONSTRAINT postcode_availability_history_pk PRIMARY KEY (postcode, updated_at)
);

-- Enriched station states (topic velib-projet, io.citypulse.model.StationRecord).
CREATE TABLE station_current (
  system          text        NOT NULL,  -- bike-share system id, e.g. 'velib'
  station_code    text        NOT NULL,  -- station code within the system (Velib' stationCode)
  station_id      text,                  -- GBFS station_id
  name            text,                  -- station name (null when station_information lacked it)
  lat             double precision,      -- latitude, WGS84
  lon             double precision,      -- longitude, WGS84
  capacity        integer,               -- number of docks
  postcode        text,                  -- resolved postal code, or 'UNKNOWN'
  commune         text,                  -- commune name
  bikes_available integer     NOT NULL,  -- available bikes of all kinds
  mechanical      integer,               -- available mechanical bikes (null when the feed does not split by type)
  ebike           integer,               -- available e-bikes
  docks_available integer,               -- free docks
  is_installed    boolean     NOT NULL,  -- station installed on the street
  is_renting      boolean     NOT NULL,  -- bikes can be taken
  is_returning    boolean     NOT NULL,  -- bikes can be returned
  last_reported   timestamptz NOT NULL,  -- when the station last reported this state (fetched_at when the feed gave none)
  fetched_at      timestamptz,           -- when citypulse fetched the feed
  query_name      text        NOT NULL,
  batch_id        bigint      NOT NULL,
  written_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT station_current_pk PRIMARY KEY (system, station_code)
);

CREATE TABLE station_history (
  system          text        NOT NULL,  -- as in station_current
  station_code    text        NOT NULL,
  station_id      text,
  name            text,
  lat             double precision,
  lon             double precision,
  capacity        integer,
  postcode        text,
  commune         text,
  bikes_available integer     NOT NULL,
  mechanical      integer,
  ebike           integer,
  docks_available integer,
  is_installed    boolean     NOT NULL,
  is_renting      boolean     NOT NULL,
  is_returning    boolean     NOT NULL,
  last_reported   timestamptz NOT NULL,  -- the state's time: one row per station and last_reported
  fetched_at      timestamptz,
  query_name      text        NOT NULL,
  batch_id        bigint      NOT NULL,
  written_at      timestamptz NOT NULL DEFAULT now(),
  -- Also the index for "one station's history between two times".
  CONSTRAINT station_history_pk PRIMARY KEY (system, station_code, last_reported)
);

-- Weather observations with derived variables (topic topic-weather-final, io.citypulse.model.WeatherFeatures).
CREATE TABLE weather_current (
  location              text        NOT NULL,  -- configured location id
  city                  text,                  -- city name
  country               text,                  -- country code
  lat                   double precision,      -- latitude, WGS84
  lon                   double precision,      -- longitude, WGS84
  observed_at           timestamptz NOT NULL,  -- observation time (UTC instant)
  local_time            text,                  -- observation time in the location's zone, ISO-8601 without offset
  utc_offset_seconds    integer,               -- the zone's offset from UTC at observed_at
  time_of_day           text,                  -- night [0 h, 6 h), morning, afternoon, evening (local time)
  source                text,                  -- provider: openweathermap, open-meteo, tomorrow.io, generator
  temperature_c         double precision,      -- air temperature, degrees Celsius
  feels_like_c          double precision,      -- apparent temperature given by the provider, degrees Celsius
  humidity_pct          double precision,      -- relative humidity, percent
  pressure_hpa          double precision,      -- sea-level pressure, hPa
  wind_speed_ms         double precision,      -- wind speed, m/s
  wind_direction_deg    double precision,      -- wind direction, degrees from north
  wind_gust_ms          double precision,      -- gust speed, m/s
  clouds_pct            double precision,      -- cloud cover, percent
  precipitation_mm      double precision,      -- precipitation over the provider's last interval, mm
  weather_code          text,                  -- provider's condition code
  weather_description   text,                  -- provider's condition text
  heat_index            double precision,      -- heat index, degrees Celsius (see WeatherFormulas)
  severity_index        double precision,      -- citypulse weather severity score (see WeatherFormulas)
  dew_point_c           double precision,      -- dew point, degrees Celsius
  humidex_category      text,                  -- humidex comfort category
  wind_chill_c          double precision,      -- wind chill, degrees Celsius (null above 10 degrees C)
  beaufort              integer,               -- Beaufort wind force 0..12
  temperature_change_1h double precision,      -- temperature now minus the earliest observation of the last hour
  pressure_change_1h    double precision,      -- pressure now minus the earliest observation of the last hour
  observations_1h       integer     NOT NULL,  -- observations of the location in the last hour, this one included
  query_name            text        NOT NULL,
  batch_id              bigint      NOT NULL,
  written_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT weather_current_pk PRIMARY KEY (location)
);

CREATE TABLE weather_history (
  location              text        NOT NULL,  -- as in weather_current
  city                  text,
  country               text,
  lat                   double precision,
  lon                   double precision,
  observed_at           timestamptz NOT NULL,  -- the observation's time: one row per location and observed_at
  local_time            text,
  utc_offset_seconds    integer,
  time_of_day           text,
  source                text,
  temperature_c         double precision,
  feels_like_c          double precision,
  humidity_pct          double precision,
  pressure_hpa          double precision,
  wind_speed_ms         double precision,
  wind_direction_deg    double precision,
  wind_gust_ms          double precision,
  clouds_pct            double precision,
  precipitation_mm      double precision,
  weather_code          text,
  weather_description   text,
  heat_index            double precision,
  severity_index        double precision,
  dew_point_c           double precision,
  humidex_category      text,
  wind_chill_c          double precision,
  beaufort              integer,
  temperature_change_1h double precision,
  pressure_change_1h    double precision,
  observations_1h       integer     NOT NULL,
  query_name            text        NOT NULL,
  batch_id              bigint      NOT NULL,
  written_at            timestamptz NOT NULL DEFAULT now(),
  -- Also the index for "one location's weather between two times".
  CONSTRAINT weather_history_pk PRIMARY KEY (location, observed_at)
);

-- The exactly-once ledger: the last micro-batch committed by each sink, written in the same
-- transaction as that batch's rows. A batch whose id is <= batch_id was already written.
CREATE TABLE sink_progress (
  query_name text        NOT NULL,             -- sink name (streaming query, optionally with a partition suffix)
  batch_id   bigint      NOT NULL,             -- last committed micro-batch id
  updated_at timestamptz NOT NULL DEFAULT now(), -- when that batch was committed
  CONSTRAINT sink_progress_pk PRIMARY KEY (query_name)
);

-- Time-wide queries ("every postcode at 8 am", "latest hour of all stations") scan by time alone.
CREATE INDEX postcode_availability_history_time_idx ON postcode_availability_history USING brin (updated_at);
CREATE INDEX station_history_time_idx ON station_history USING brin (last_reported);
CREATE INDEX weather_history_time_idx ON weather_history USING brin (observed_at);
