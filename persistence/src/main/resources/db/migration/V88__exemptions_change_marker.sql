-- One exemption record for the whole cluster: every change of the exemptions table, whoever makes it (the API
-- on any node, the CSV import on the page, bin/cordon exemptions-import, psql), moves this one marker in the
-- same transaction. Each node keeps a copy for its gates and reloads it when the marker has moved
-- (ExemptionCache polls it every second), so a deletion needs no tombstone.
CREATE TABLE exemptions_version (
  only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
  version  BIGINT  NOT NULL
);
INSERT INTO exemptions_version (only_row, version) VALUES (TRUE, 0);

CREATE FUNCTION exemptions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE exemptions_version SET version = version + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER exemptions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON exemptions
  FOR EACH STATEMENT EXECUTE FUNCTION exemptions_changed();
