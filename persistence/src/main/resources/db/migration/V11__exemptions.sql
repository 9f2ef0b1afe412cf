-- Exemptions (ontheffingen) per plate or plate range, zone ('*' for all zones) and validity in local days.
CREATE TABLE exemptions (
  id          VARCHAR(64)  PRIMARY KEY,
  zone_id     VARCHAR(64)  NOT NULL,
  country     VARCHAR(3)   NOT NULL,
  plate_from  VARCHAR(16)  NOT NULL,
  plate_to    VARCHAR(16)  NOT NULL,
  valid_from  DATE         NOT NULL,
  valid_until DATE         NOT NULL,
  reason      TEXT         NOT NULL,
  created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CHECK (valid_until >= valid_from)
);
CREATE INDEX exemptions_zone_idx ON exemptions (zone_id, valid_until);
