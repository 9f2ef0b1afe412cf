-- Sign-in through the municipality's identity provider (OpenID Connect, security module's Oidc). A sign-in
-- under way: its state (only the SHA-256, as the browser's URL holds the state itself), the hash of the
-- browser's pre-login cookie it is bound to, the nonce the ID token must carry and the PKCE verifier. A row is
-- used once (deleted when the IdP sends the browser back) and is void after anpr.security.oidc.login-timeout.
CREATE TABLE oidc_logins (
  state_hash    VARCHAR(64)  PRIMARY KEY,
  browser_hash  VARCHAR(64)  NOT NULL,
  nonce         VARCHAR(128) NOT NULL,
  code_verifier VARCHAR(128) NOT NULL,
  return_to     VARCHAR(200) NOT NULL,
  created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX oidc_logins_created_at ON oidc_logins (created_at);

-- A session signed in through the IdP holds the roles its ID token gave (a local user's come from the
-- configuration, so roles stays NULL) and that ID token, for the IdP's sign-out (id_token_hint).
ALTER TABLE sessions ADD COLUMN roles VARCHAR(200), ADD COLUMN id_token TEXT;
