-- Site approval belongs to a camera at a site (opstelpunt, Leidraad 4.2.6): a mobile camera moved to a site
-- without its own approval makes test cases there. Approvals recorded before this name no site: they were
-- given for the camera's configured site, which only the city layout knows, so the controller fills it in at
-- start (SiteApprovals.nameConfiguredSites).
ALTER TABLE site_approvals DROP CONSTRAINT site_approvals_pkey;
ALTER TABLE site_approvals ADD COLUMN location_code VARCHAR(64);
CREATE UNIQUE INDEX site_approvals_camera_site ON site_approvals (camera_id, location_code);
