-- Sessions signed in through the identity provider (security module's Oidc and Sessions) follow the provider:
-- - idp_subject and idp_session hold the ID token's sub and sid, so that the provider's back-channel logout
--   token (which names a sid, a sub or both) ends every session of that provider session or subject;
-- - refresh_token holds the provider's refresh token, sealed (JWE, AES-256-GCM) with a key derived from the
--   cookie's token, which this table does not hold; checked_at is when the provider last vouched for the user's
--   roles, which are asked again after anpr.security.oidc.max-session-without-recheck.
-- All NULL (checked_at unused) for a local user's session.
ALTER TABLE sessions ADD COLUMN idp_subject VARCHAR(255), ADD COLUMN idp_session VARCHAR(255),
  ADD COLUMN refresh_token TEXT, ADD COLUMN checked_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX sessions_idp_subject ON sessions (idp_subject) WHERE idp_subject IS NOT NULL;
CREATE INDEX sessions_idp_session ON sessions (idp_session) WHERE idp_session IS NOT NULL;
