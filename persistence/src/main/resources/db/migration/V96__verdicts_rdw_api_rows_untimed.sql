-- Leidraad 4.2.4, no-hits leave nothing behind: a row the RDW API gave for a passing plate is stored without a
-- time, for the time of a lookup is the time the vehicle passed. Bulk imports keep theirs (an import is no
-- passage). Rows already stored from the API lose theirs.
ALTER TABLE rdw_vehicles ALTER COLUMN updated_at DROP NOT NULL;
ALTER TABLE rdw_vehicle_fuels ALTER COLUMN updated_at DROP NOT NULL;
ALTER TABLE rdw_vehicle_bodies ALTER COLUMN updated_at DROP NOT NULL;
ALTER TABLE rdw_vehicle_body_specifics ALTER COLUMN updated_at DROP NOT NULL;
ALTER TABLE rdw_vehicle_particulars ALTER COLUMN updated_at DROP NOT NULL;
UPDATE rdw_vehicles SET updated_at = NULL WHERE source = 'API';
UPDATE rdw_vehicle_fuels SET updated_at = NULL WHERE source = 'API';
UPDATE rdw_vehicle_bodies SET updated_at = NULL WHERE source = 'API';
UPDATE rdw_vehicle_body_specifics SET updated_at = NULL WHERE source = 'API';
UPDATE rdw_vehicle_particulars SET updated_at = NULL WHERE source = 'API';
