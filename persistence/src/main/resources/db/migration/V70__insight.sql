-- Insight (module anpr-insight): counts, plans and reports. No plate, no plate hash, nothing personal.

-- Passages a camera read per hour, from its counters: what "normal" traffic is per hour of the week.
CREATE TABLE camera_hourly_counts (
  camera_id      VARCHAR(64)  NOT NULL,
  hour_start     TIMESTAMPTZ  NOT NULL,
  passages       INT          NOT NULL,
  low_confidence INT          NOT NULL,
  unreadable     INT          NOT NULL,
  PRIMARY KEY (camera_id, hour_start)
);

-- Which mobile camera stands on which site (opstelpunt), from when to when. PLANNED until its start,
-- then MOVED (the camera went there) or REFUSED (note says why); CANCELLED by operations.
CREATE TABLE rotation_visits (
  id                    BIGSERIAL    PRIMARY KEY,
  camera_id             VARCHAR(64)  NOT NULL,
  location_code         VARCHAR(64)  NOT NULL,
  street                VARCHAR(200) NOT NULL,
  direction             VARCHAR(100) NOT NULL,
  lat                   DOUBLE PRECISION NOT NULL,
  lon                   DOUBLE PRECISION NOT NULL,
  observation_template  TEXT         NOT NULL,
  starts_at             TIMESTAMPTZ  NOT NULL,
  ends_at               TIMESTAMPTZ  NOT NULL,
  state                 VARCHAR(16)  NOT NULL DEFAULT 'PLANNED',
  note                  TEXT         NOT NULL DEFAULT '',
  planned_by            VARCHAR(100) NOT NULL,
  planned_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX rotation_visits_camera_idx ON rotation_visits (camera_id, starts_at);
CREATE INDEX rotation_visits_due_idx ON rotation_visits (starts_at) WHERE state = 'PLANNED';

-- Monthly management reports as made (on schedule or from the page), PDF and CSV.
CREATE TABLE management_reports (
  month     DATE         PRIMARY KEY,            -- first day of the month
  made_at   TIMESTAMPTZ  NOT NULL,
  made_by   VARCHAR(100) NOT NULL,
  pdf       BYTEA        NOT NULL,
  csv       TEXT         NOT NULL
);
