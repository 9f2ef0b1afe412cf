-- Evidence pictures in PostgreSQL, which every node of the cluster reads: the gate stores the pictures of a
-- violation here before the camera is answered, and the case intake links them to the case (case_evidence.ref
-- = evidence_objects.ref) on whichever node it runs. Named by a random id, never by plate. A resend of the same
-- passage (camera_id, passage_id) finds its pictures stored and stores nothing twice; pictures stored outside a
-- passage (a placeholder in the demo) have no camera or passage. Written by enforcement's PostgresEvidenceStore.
CREATE TABLE evidence_objects (
  ref        VARCHAR(200) PRIMARY KEY,
  camera_id  VARCHAR(64),
  passage_id VARCHAR(64),
  position   INT,
  media_type VARCHAR(64)  NOT NULL,
  sha256     CHAR(64)     NOT NULL,
  content    BYTEA        NOT NULL,
  stored_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  UNIQUE (camera_id, passage_id, position)
);
-- the orphan sweep looks for pictures no case refers to, oldest first
CREATE INDEX evidence_objects_stored_at ON evidence_objects (stored_at);
CREATE INDEX case_evidence_ref ON case_evidence (ref);
