-- Read model of potential violations (potentiële overtredingen) written from the zone actors' decisions.
-- Only decisions reach this table: a passage that is not a violation is never written anywhere.
CREATE TABLE cases (
  case_id            VARCHAR(64) PRIMARY KEY,
  zone_id            VARCHAR(64) NOT NULL,
  kind               VARCHAR(16) NOT NULL,            -- FINE or WARNING
  plate              VARCHAR(16) NOT NULL,
  country            VARCHAR(3)  NOT NULL,
  plate_hash         VARCHAR(64) NOT NULL,
  observed_at        TIMESTAMPTZ NOT NULL,
  local_day          DATE        NOT NULL,
  camera_id          VARCHAR(64) NOT NULL,
  source             VARCHAR(16) NOT NULL,            -- ENTRY, EXIT or SCAN
  location_code      VARCHAR(64) NOT NULL,
  street             VARCHAR(200) NOT NULL,
  direction          VARCHAR(100) NOT NULL,
  observation_text   TEXT        NOT NULL,
  rule_id            VARCHAR(16) NOT NULL,
  reason             TEXT        NOT NULL,
  vehicle_facts      TEXT        NOT NULL,            -- JSON of the facts the verdict used
  evidence_refs      TEXT        NOT NULL,            -- JSON array of evidence references
  status             VARCHAR(16) NOT NULL DEFAULT 'OPEN',
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX cases_status_idx ON cases (status, observed_at);
CREATE INDEX cases_plate_day_idx ON cases (zone_id, plate_hash, local_day);
