-- The verdict quality loop (docs/quality.md): every outcome of a case with its reason, and counts of cases that
-- outlive the cases, so rates per zone, rule, gate and camera survive retention. No plate anywhere.

-- One row per outcome: an officer's dismissal (reason from anpr.enforcement.quality.dismissal-reasons), a
-- withdrawal (sign problem), and once a fine is with CJIB its objection (bezwaar) and appeal (beroep) as the
-- CVOM reports them. case_id is kept only while the case exists (the foreign key clears it when retention or a
-- dismissal deletes the case); case_hash, the SHA-256 of the random case id, still links a later objection.
CREATE TABLE case_outcomes (
  id          BIGSERIAL    PRIMARY KEY,
  case_id     VARCHAR(64)  REFERENCES cases (case_id) ON DELETE SET NULL,
  case_hash   CHAR(64)     NOT NULL,
  zone_id     VARCHAR(64)  NOT NULL,
  rule_id     VARCHAR(16)  NOT NULL,
  gate_id     VARCHAR(64)  NOT NULL,
  camera_id   VARCHAR(64)  NOT NULL,
  kind        VARCHAR(16)  NOT NULL,            -- FINE or WARNING
  day         DATE         NOT NULL,            -- the local day the vehicle was seen
  outcome     VARCHAR(16)  NOT NULL,            -- DISMISSED, WITHDRAWN, OBJECTION, APPEAL
  result      VARCHAR(16),                      -- OBJECTION and APPEAL: UPHELD (gegrond) or REJECTED (ongegrond)
  reason      VARCHAR(64),                      -- DISMISSED: the reason's code; WITHDRAWN: the cause
  recorded_by VARCHAR(100) NOT NULL,
  recorded_at TIMESTAMPTZ  NOT NULL,
  source      VARCHAR(16)  NOT NULL,            -- OFFICER, SYSTEM, CVOM-CSV
  CHECK (outcome IN ('DISMISSED', 'WITHDRAWN', 'OBJECTION', 'APPEAL')),
  CHECK ((outcome IN ('OBJECTION', 'APPEAL')) = (result IS NOT NULL))
);
CREATE INDEX case_outcomes_day_idx ON case_outcomes (day);
CREATE INDEX case_outcomes_case_hash_idx ON case_outcomes (case_hash);
-- the CVOM's file may be imported twice: one objection and one appeal outcome per case
CREATE UNIQUE INDEX case_outcomes_decision_idx ON case_outcomes (case_hash, outcome) WHERE outcome IN ('OBJECTION', 'APPEAL');

-- Cases that came in and fines that went to CJIB, per local day, zone, rule, camera, kind, vehicle category and
-- emission class: the denominators of the rates and the ministry's monitoring figures. Kept by triggers on
-- cases, so every way a case is written or exported counts, and the counts stay when the case is deleted.
CREATE TABLE case_counts (
  day            DATE        NOT NULL,
  zone_id        VARCHAR(64) NOT NULL,
  rule_id        VARCHAR(16) NOT NULL,
  camera_id      VARCHAR(64) NOT NULL,
  kind           VARCHAR(16) NOT NULL,
  category       VARCHAR(32) NOT NULL,          -- a VehicleCategory name, from RDW's EU category
  emission_class VARCHAR(16) NOT NULL,          -- RDW's registered emission class "0".."6" or "Z", else UNKNOWN
  cases          BIGINT      NOT NULL DEFAULT 0,
  exported       BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (day, zone_id, rule_id, camera_id, kind, category, emission_class)
);

-- VehicleCategory.fromEuCategory in SQL; the camera's own category when the register has none
CREATE FUNCTION case_count_category(facts TEXT, seen VARCHAR) RETURNS VARCHAR LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE left(coalesce(facts::jsonb ->> 'euCategory', ''), 2)
    WHEN 'M1' THEN 'PASSENGER_CAR' WHEN 'N1' THEN 'VAN' WHEN 'N2' THEN 'TRUCK' WHEN 'N3' THEN 'TRUCK'
    WHEN 'M2' THEN 'BUS' WHEN 'M3' THEN 'BUS' WHEN 'L1' THEN 'MOPED' WHEN 'L2' THEN 'MOPED'
    WHEN '' THEN coalesce(seen, 'UNKNOWN')
    ELSE CASE WHEN left(facts::jsonb ->> 'euCategory', 1) = 'L' THEN 'MOTORCYCLE' ELSE 'OTHER' END END
$$;

CREATE FUNCTION case_counts_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  is_new BOOLEAN := TG_OP = 'INSERT';
BEGIN
  IF NOT is_new AND NOT (NEW.status = 'EXPORTED' AND OLD.status IS DISTINCT FROM 'EXPORTED') THEN
    RETURN NEW;
  END IF;
  INSERT INTO case_counts AS k (day, zone_id, rule_id, camera_id, kind, category, emission_class, cases, exported)
  VALUES (NEW.local_day, NEW.zone_id, NEW.rule_id, NEW.camera_id, NEW.kind,
          case_count_category(NEW.vehicle_facts, NEW.seen_category),
          CASE WHEN NEW.vehicle_facts::jsonb ->> 'emissionClass' ~ '^[0-6zZ]$'
            THEN upper(NEW.vehicle_facts::jsonb ->> 'emissionClass') ELSE 'UNKNOWN' END,
          CASE WHEN is_new THEN 1 ELSE 0 END, CASE WHEN is_new THEN 0 ELSE 1 END)
  ON CONFLICT (day, zone_id, rule_id, camera_id, kind, category, emission_class) DO UPDATE
    SET cases = k.cases + excluded.cases, exported = k.exported + excluded.exported;
  RETURN NEW;
END $$;

CREATE TRIGGER cases_counted AFTER INSERT OR UPDATE OF status ON cases
  FOR EACH ROW EXECUTE FUNCTION case_counts_count();

-- Vehicles seen per zone, local day, vehicle category and emission class, for the ministry's monitoring
-- figures: counts only, written by insight from the gates' VehiclePassed events (no plate, no vehicle key).
CREATE TABLE zone_passage_counts (
  day            DATE        NOT NULL,
  zone_id        VARCHAR(64) NOT NULL,
  category       VARCHAR(32) NOT NULL,
  emission_class VARCHAR(16) NOT NULL,          -- "0".."6", "Z" zero emission, UNKNOWN
  passages       BIGINT      NOT NULL,
  PRIMARY KEY (day, zone_id, category, emission_class)
);
