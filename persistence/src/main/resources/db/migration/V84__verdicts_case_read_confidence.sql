-- The camera's confidence in its read of the plate (0..1), shown to the officer beside the photo. Null for
-- cases written before it was kept.
ALTER TABLE cases ADD COLUMN read_confidence DOUBLE PRECISION;
