-- The control room's plot of passages per gate over the last 24 hours (PassageHistory), shared by the nodes:
-- each node adds the vehicles its gates counted to the gate's 10-minute bucket. Counts only, no vehicles.
CREATE TABLE gate_passage_counts (
  gate_id  VARCHAR(100) NOT NULL,
  bucket   TIMESTAMPTZ  NOT NULL,
  vehicles BIGINT       NOT NULL,
  PRIMARY KEY (gate_id, bucket)
);
