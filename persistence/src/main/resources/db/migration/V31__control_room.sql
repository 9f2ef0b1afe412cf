-- The control room's read models, written from the device actors' events.

-- Every health transition of a device: the basis of availability over 24 hours and 30 days.
CREATE TABLE device_health_transitions (
  id          BIGSERIAL    PRIMARY KEY,
  kind        VARCHAR(16)  NOT NULL,           -- camera, display, gate
  device_id   VARCHAR(64)  NOT NULL,
  from_health VARCHAR(16),                     -- null for the controller's own (re)start
  to_health   VARCHAR(16)  NOT NULL,           -- UP, DEGRADED, DOWN, DISABLED; UNOBSERVED while stopped
  at          TIMESTAMPTZ  NOT NULL,
  detail      TEXT         NOT NULL
);
CREATE INDEX device_health_transitions_idx ON device_health_transitions (device_id, at);

-- A device down or degraded, a display failing, a sign problem reported: open until ended_at is set.
CREATE TABLE incidents (
  id               BIGSERIAL    PRIMARY KEY,
  type             VARCHAR(32)  NOT NULL,      -- DEVICE_DOWN, DEVICE_DEGRADED, SIGN_PROBLEM
  kind             VARCHAR(16)  NOT NULL,
  device_id        VARCHAR(64)  NOT NULL,
  started_at       TIMESTAMPTZ  NOT NULL,
  ended_at         TIMESTAMPTZ,
  detail           TEXT         NOT NULL,
  reported_by      VARCHAR(100),
  acknowledged_by  VARCHAR(100),
  acknowledged_at  TIMESTAMPTZ
);
CREATE INDEX incidents_open_idx ON incidents (device_id) WHERE ended_at IS NULL;
CREATE INDEX incidents_started_idx ON incidents (started_at);

-- Mobile cameras put on another site (opstelpunt), replayed into the camera actors on start.
CREATE TABLE camera_site_moves (
  id                    BIGSERIAL    PRIMARY KEY,
  camera_id             VARCHAR(64)  NOT NULL,
  valid_from            TIMESTAMPTZ  NOT NULL,
  location_code         VARCHAR(64)  NOT NULL,
  street                VARCHAR(200) NOT NULL,
  direction             VARCHAR(100) NOT NULL,
  lat                   DOUBLE PRECISION NOT NULL,
  lon                   DOUBLE PRECISION NOT NULL,
  observation_template  TEXT         NOT NULL,
  moved_by              VARCHAR(100) NOT NULL
);
CREATE INDEX camera_site_moves_idx ON camera_site_moves (camera_id, valid_from);

-- Enforcement windows set by operations at runtime; they replace the city file's windows of the zone.
CREATE TABLE zone_schedule_overrides (
  zone_id     VARCHAR(64)  PRIMARY KEY,
  windows     TEXT         NOT NULL,           -- JSON array of {days, from, to, grace}
  changed_by  VARCHAR(100) NOT NULL,
  changed_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
