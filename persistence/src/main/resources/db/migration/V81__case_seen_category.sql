-- The vehicle category the camera saw in its picture, next to the register's facts, so the officer is told
-- when they disagree. Null for cases written before it was kept, and when the camera gave none.
ALTER TABLE cases ADD COLUMN seen_category VARCHAR(32);
