-- The EU act of the emission type approval on each fuel row of RDW's dataset 8ys7-d773, e.g.
-- "715/2007*692/2008J" (light) or "595/2009*2016/1718D" (heavy): after the registered class and before the
-- first-admission table in RDW's order of determining the emission class.
ALTER TABLE rdw_vehicle_fuels
  ADD COLUMN milieuklasse_eg_goedkeuring_licht VARCHAR(40),
  ADD COLUMN milieuklasse_eg_goedkeuring_zwaar VARCHAR(40);
