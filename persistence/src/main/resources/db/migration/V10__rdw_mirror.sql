-- Local mirror of the RDW open-data register (only the columns the regimes need), filled by the bulk CSV
-- importer and by answers of the RDW API. Column names are RDW's API field names.
CREATE TABLE rdw_vehicles (
  kenteken                          VARCHAR(12) PRIMARY KEY,
  voertuigsoort                     TEXT,
  europese_voertuigcategorie        VARCHAR(8),
  inrichting                        TEXT,
  datum_eerste_toelating            DATE,
  toegestane_maximum_massa_voertuig INTEGER,
  massa_rijklaar                    INTEGER,
  source                            VARCHAR(8)  NOT NULL,   -- BULK or API
  updated_at                        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- No foreign key to rdw_vehicles: the two datasets are exported and imported independently.
CREATE TABLE rdw_vehicle_fuels (
  kenteken                 VARCHAR(12) NOT NULL,
  brandstof_volgnummer     SMALLINT    NOT NULL,
  brandstof_omschrijving   TEXT,
  emissiecode_omschrijving VARCHAR(8),
  uitlaatemissieniveau     TEXT,
  source                   VARCHAR(8)  NOT NULL,
  updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (kenteken, brandstof_volgnummer)
);

-- Progress of bulk imports, committed with each batch so an interrupted import resumes after the last batch.
CREATE TABLE rdw_imports (
  source_key     TEXT PRIMARY KEY,          -- dataset, file name and size
  dataset        VARCHAR(16) NOT NULL,
  rows_committed BIGINT      NOT NULL,
  finished       BOOLEAN     NOT NULL DEFAULT false,
  started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
