-- Browser sessions (written by the security module's SessionRepository), shared by every node behind the load
-- balancer. The cookie holds a random token; the table holds only its SHA-256, so a copy of the table signs no
-- one in. A session whose last_seen is older than anpr.security.session.idle-timeout is over.
CREATE TABLE sessions (
  token_hash VARCHAR(64)  PRIMARY KEY,
  user_name  VARCHAR(100) NOT NULL,
  csrf_token VARCHAR(64)  NOT NULL,
  created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
  last_seen  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX sessions_last_seen ON sessions (last_seen);
