-- The cases projections poll the journal by tag several times a second (eventsByTag). The primary key of
-- event_tag starts with event_id, so each poll read the whole event_tag table: PostgreSQL took more CPU per
-- passage than the controller in the bench. The index pekko-persistence-jdbc recommends for this schema
-- (legacy tag key, apache/pekko-persistence-jdbc#593) lets a poll read only its tag's rows.
CREATE INDEX IF NOT EXISTS event_tag_tag_event_id_idx ON event_tag (tag, event_id);
