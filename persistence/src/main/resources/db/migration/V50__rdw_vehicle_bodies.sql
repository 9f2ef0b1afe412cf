-- RDW's carrosserie rows (dataset vezc-m2t6, Gekentekende_voertuigen_carrosserie): the bodywork code of each
-- carrosserie of a vehicle, e.g. BB (van) or SH (wheelchair accessible, RVV 1990 art 86c). Filled like the
-- other mirror tables by the bulk importer (dataset "bodies") and by answers of the RDW API; no foreign key,
-- as each dataset is exported and imported on its own.
CREATE TABLE rdw_vehicle_bodies (
  kenteken               VARCHAR(12) NOT NULL,
  carrosserie_volgnummer SMALLINT    NOT NULL,
  carrosserietype        VARCHAR(8),
  source                 VARCHAR(8)  NOT NULL,   -- BULK or API
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (kenteken, carrosserie_volgnummer)
);
