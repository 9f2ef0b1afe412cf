-- Who saw personal data, when, through which request. The subject names what was revealed (a case id, a
-- plate hash), never the plate itself. Rows are only ever added.
CREATE TABLE access_log (
  id         BIGSERIAL    PRIMARY KEY,
  at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
  user_name  VARCHAR(100) NOT NULL,
  roles      VARCHAR(200) NOT NULL,
  action     VARCHAR(200) NOT NULL,
  subject    VARCHAR(200) NOT NULL
);
CREATE INDEX access_log_at_idx ON access_log (at);
CREATE INDEX access_log_subject_idx ON access_log (subject);
