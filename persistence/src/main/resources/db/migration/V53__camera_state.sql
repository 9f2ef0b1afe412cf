-- Operational state of cameras that must hold after a restart and on every node: switched on or off.
-- Loaded by each camera actor when it starts (CameraStateStore); a camera without a row is on.
CREATE TABLE camera_state (
  camera_id  VARCHAR(64) PRIMARY KEY,
  enabled    BOOLEAN     NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
