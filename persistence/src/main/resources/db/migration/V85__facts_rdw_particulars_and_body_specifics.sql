-- RDW's bijzonderheden (dataset 7ug8-2dtt, Gekentekende_voertuigen_bijzonderheden), e.g. code 145-149 for a
-- wheelchair-accessible vehicle (RVV 1990 art 86c), and the specific numbers of each carrosserie (dataset
-- jhie-znh9, Gekentekende_voertuigen_carrosserie_specificatie), e.g. 26 crane, 27 aerial platform. Filled like the
-- other mirror tables by the bulk importer and by answers of the RDW API; no foreign key.
CREATE TABLE rdw_vehicle_particulars (
  kenteken                 VARCHAR(12) NOT NULL,
  bijzonderheid_volgnummer SMALLINT    NOT NULL,
  bijzonderheid_code       VARCHAR(8),
  source                   VARCHAR(8)  NOT NULL,   -- BULK or API
  updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (kenteken, bijzonderheid_volgnummer)
);

CREATE TABLE rdw_vehicle_body_specifics (
  kenteken                                    VARCHAR(12) NOT NULL,
  carrosserie_volgnummer                      SMALLINT    NOT NULL,
  carrosserie_voertuig_nummer_code_volgnummer SMALLINT    NOT NULL,
  carrosseriecode                             VARCHAR(8),
  source                                      VARCHAR(8)  NOT NULL,   -- BULK or API
  updated_at                                  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (kenteken, carrosserie_volgnummer, carrosserie_voertuig_nummer_code_volgnummer)
);

-- Most vehicles have neither, so an absent row means "none" only once the vehicle is known for that dataset: set
-- by a finished bulk import of it (for every vehicle then in the mirror) and by each answer of the API.
ALTER TABLE rdw_vehicles
  ADD COLUMN particulars_known    BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN body_specifics_known BOOLEAN NOT NULL DEFAULT false;
