-- Where the vehicle was seen: the position a scan car sent with its passage, the site's position for a fixed
-- camera. Null for cases written before it was kept (their site's position is not in the row either).
ALTER TABLE cases ADD COLUMN latitude DOUBLE PRECISION, ADD COLUMN longitude DOUBLE PRECISION;
