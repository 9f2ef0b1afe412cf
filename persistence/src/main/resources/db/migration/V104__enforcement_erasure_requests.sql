-- Four eyes before approved or exported cases are erased (issue 25). A sign problem or detour withdraws its
-- open cases at once; the decided ones (approved, owner data requested, exported) wait here until a second
-- person confirms or rejects. Owned by the enforcement module (ErasureRequestRepository).
CREATE TABLE erasure_requests (
  id BIGSERIAL PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('SIGN_PROBLEM', 'DETOUR')),
  source_id BIGINT NOT NULL,
  reason TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  decided_by TEXT,
  decided_at TIMESTAMPTZ,
  confirmed BOOLEAN,
  -- the second person is another person, whatever the code above does
  CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((decided_by IS NULL) = (decided_at IS NULL) AND (decided_by IS NULL) = (confirmed IS NULL))
);

CREATE TABLE erasure_request_cases (
  request_id BIGINT NOT NULL REFERENCES erasure_requests (id),
  case_id TEXT NOT NULL,
  PRIMARY KEY (request_id, case_id)
);
CREATE INDEX erasure_request_cases_case ON erasure_request_cases (case_id);
