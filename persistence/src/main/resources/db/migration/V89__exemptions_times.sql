-- Exemptions get a time of day at both ends (issue 24, rule EX-1: the ZE day exemption runs from 00:00 on its
-- day until 06:00 the next day). valid_from and valid_until become local times in Europe/Amsterdam, as a permit
-- states them, with valid_until the first moment it no longer holds. A stored date-only exemption keeps its
-- meaning: 00:00 of its first day until 24:00 (00:00 after) its last.
ALTER TABLE exemptions DROP CONSTRAINT exemptions_check;
ALTER TABLE exemptions
  ALTER COLUMN valid_from TYPE TIMESTAMP USING valid_from::timestamp,
  ALTER COLUMN valid_until TYPE TIMESTAMP USING (valid_until + 1)::timestamp;
ALTER TABLE exemptions ADD CONSTRAINT exemptions_check CHECK (valid_until > valid_from);
COMMENT ON COLUMN exemptions.valid_from IS 'first moment it holds, local time Europe/Amsterdam';
COMMENT ON COLUMN exemptions.valid_until IS 'first moment it no longer holds, local time Europe/Amsterdam';
