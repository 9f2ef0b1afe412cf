-- The lawful process around the case chain (docs/enforcement.md, "The lawful process").
-- case_holds and test_cases are written by the intake just BEFORE the case row, so that no officer or export
-- ever sees a new case without them; hence no foreign key. Rows of cases that never got written are removed
-- by the hold release (case_holds) and once the case id is a tombstone (test_cases).

-- Cases waiting out their zone's hold period; the release checks them against the exemptions again.
CREATE TABLE case_holds (
  case_id    VARCHAR(64) PRIMARY KEY,
  release_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_holds_release_idx ON case_holds (release_at);

-- Cases from a camera site the CVOM had not approved (Leidraad 4.2.6): reviewed, never exported.
CREATE TABLE test_cases (
  case_id VARCHAR(64) PRIMARY KEY
);

-- Camera sites approved for enforcement; a camera without a row makes test cases only.
CREATE TABLE site_approvals (
  camera_id   VARCHAR(64) PRIMARY KEY,
  approved_at TIMESTAMPTZ NOT NULL,
  approved_by VARCHAR(64) NOT NULL,
  reference   TEXT        NOT NULL            -- the CVOM decision (kenmerk)
);

-- Detours through the zone (police-ordered diversions): no cases at these gates in the window.
CREATE TABLE detours (
  id          BIGSERIAL    PRIMARY KEY,
  gate_ids    VARCHAR(64)[] NOT NULL,
  valid_from  TIMESTAMPTZ  NOT NULL,
  valid_until TIMESTAMPTZ  NOT NULL,
  reason      TEXT         NOT NULL,
  source      VARCHAR(64)  NOT NULL,          -- the user or incident feed that declared it
  declared_at TIMESTAMPTZ  NOT NULL,
  CHECK (valid_until > valid_from)
);
CREATE INDEX detours_until_idx ON detours (valid_until);
