-- Failed password checks, counted cluster-wide per client address and per user name (written by the security
-- module's LoginFailureRepository; only failures are written). A row counts the failures of one fixed window;
-- the key is "address:<ip>" or "user:<sha-256 of the name>", so a password typed as a name is not stored.
CREATE TABLE login_failures (
  key          VARCHAR(80) PRIMARY KEY,
  window_start TIMESTAMPTZ NOT NULL,
  failures     INTEGER     NOT NULL
);
CREATE INDEX login_failures_window ON login_failures (window_start);
