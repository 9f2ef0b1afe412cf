-- Make, model name and colour of RDW's m9d7-ebf2 (merk, handelsbenaming, eerste_kleur): no rule reads them;
-- the officer compares them with the photo to spot a misread plate. Null until the vehicle is imported or
-- asked of the API again.
ALTER TABLE rdw_vehicles ADD COLUMN merk TEXT, ADD COLUMN handelsbenaming TEXT, ADD COLUMN eerste_kleur TEXT;
