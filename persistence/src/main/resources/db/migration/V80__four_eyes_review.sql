-- Four-eyes review (anpr.enforcement.four-eyes-zones): the first officer's approval of a case in such a zone;
-- the case stays OPEN until a second, different officer approves it.
ALTER TABLE cases ADD COLUMN first_approved_by VARCHAR(100);
ALTER TABLE cases ADD COLUMN first_approved_at TIMESTAMPTZ;
