-- The enforcement chain on top of the case read model: officer review, CJIB export, warning letters, sign
-- problems, schouw log and deletion. Status of a case: OPEN -> APPROVED -> EXPORTED (fine sent to CJIB or
-- warning letter printed), with NAW_REQUESTED between for warnings; a dismissed, withdrawn or expired case is
-- deleted with its evidence and leaves only a tombstone (its random id) and an anonymous counter.
ALTER TABLE cases
  ADD COLUMN reviewed_by     VARCHAR(64),
  ADD COLUMN reviewed_at     TIMESTAMPTZ,
  ADD COLUMN export_batch_id VARCHAR(64),
  ADD COLUMN exported_at     TIMESTAMPTZ;
CREATE INDEX cases_camera_time_idx ON cases (camera_id, observed_at);

-- Evidence images live in the evidence store; the case keeps their references and SHA-256 hashes.
CREATE TABLE case_evidence (
  case_id    VARCHAR(64)  NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
  position   INT          NOT NULL,
  ref        VARCHAR(200) NOT NULL,
  sha256     CHAR(64)     NOT NULL,
  media_type VARCHAR(64)  NOT NULL,
  PRIMARY KEY (case_id, position)
);

-- Ids of deleted cases, so that replaying the zones' journal never brings one back. Nothing else is kept.
CREATE TABLE case_tombstones (
  case_id    VARCHAR(64) PRIMARY KEY,
  deleted_on DATE        NOT NULL
);

-- Anonymous counts of deleted cases per zone, month and outcome (DISMISSED:<reason>, WITHDRAWN, EXPIRED).
CREATE TABLE enforcement_counters (
  zone_id VARCHAR(64) NOT NULL,
  month   DATE        NOT NULL,
  outcome VARCHAR(64) NOT NULL,
  count   BIGINT      NOT NULL,
  PRIMARY KEY (zone_id, month, outcome)
);

-- Files handed to others: CJIB batches, NAW plate lists, letter batches, correction requests.
CREATE TABLE export_batches (
  batch_id       VARCHAR(64)  PRIMARY KEY,
  kind           VARCHAR(16)  NOT NULL,            -- CJIB, NAW, LETTERS, CORRECTION
  format_version INT          NOT NULL,
  file_name      VARCHAR(200) NOT NULL,
  sha256         CHAR(64)     NOT NULL,
  records        INT          NOT NULL,
  created_by     VARCHAR(64)  NOT NULL,
  created_at     TIMESTAMPTZ  NOT NULL,
  file_deleted_at TIMESTAMPTZ                      -- set when retention removed the file
);

-- Where a projection of the journal has got to (ordering of the last event handled).
CREATE TABLE enforcement_offsets (
  name     VARCHAR(64) PRIMARY KEY,
  ordering BIGINT      NOT NULL
);

-- Sign problems reported at a gate: enforcement there is suspended from problem_from until resolved_at;
-- cases since doubt_from are withdrawn.
CREATE TABLE sign_problems (
  id            BIGSERIAL    PRIMARY KEY,
  gate_id       VARCHAR(64)  NOT NULL,
  problem_from  TIMESTAMPTZ  NOT NULL,
  doubt_from    TIMESTAMPTZ  NOT NULL,
  description   TEXT         NOT NULL,
  reported_by   VARCHAR(64)  NOT NULL,
  reported_at   TIMESTAMPTZ  NOT NULL,
  resolved_at   TIMESTAMPTZ,
  correction_batch_id VARCHAR(64)
);
CREATE INDEX sign_problems_gate_idx ON sign_problems (gate_id, doubt_from);

-- Cases already sent to CJIB that a sign problem withdrew: no plate, only what CJIB needs to find them.
CREATE TABLE correction_requests (
  sign_problem_id BIGINT      NOT NULL REFERENCES sign_problems (id),
  case_id         VARCHAR(64) NOT NULL,
  export_batch_id VARCHAR(64) NOT NULL,
  observed_at     TIMESTAMPTZ NOT NULL,
  location_code   VARCHAR(64) NOT NULL,
  PRIMARY KEY (sign_problem_id, case_id)
);

-- Monthly sign inspection (schouw) per gate.
CREATE TABLE sign_inspections (
  id           BIGSERIAL   PRIMARY KEY,
  gate_id      VARCHAR(64) NOT NULL,
  inspected_at TIMESTAMPTZ NOT NULL,
  inspector    VARCHAR(64) NOT NULL,
  signs_ok     BOOLEAN     NOT NULL,
  notes        TEXT        NOT NULL
);
CREATE INDEX sign_inspections_gate_idx ON sign_inspections (gate_id, inspected_at);
