-- The public evidence page's rate limit, counted cluster-wide (enforcement's CitizenRateLimit): requests per
-- client and minute, and of all clients together under client '*'. The client is a hash of its address; rows
-- are deleted a minute after their minute.
CREATE TABLE evidence_request_counts (
  client   VARCHAR(64) NOT NULL,
  minute   TIMESTAMPTZ NOT NULL,
  requests INT         NOT NULL,
  PRIMARY KEY (client, minute)
);
