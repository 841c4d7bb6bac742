CREATE TABLE temp_objects (id bigint PRIMARY KEY, k text);
-- migration
-- ente's 10_update_temp_object_keys: added by this release, backfilled, then
-- required and given a default by one ALTER TABLE; the statement commits
-- both, so the old release's inserts that leave it out get the default
ALTER TABLE temp_objects ADD COLUMN is_multipart boolean, ADD COLUMN upload_id text;
UPDATE temp_objects SET is_multipart = 'f';
ALTER TABLE temp_objects
    ALTER COLUMN is_multipart SET NOT NULL,
    ALTER COLUMN is_multipart SET DEFAULT FALSE;
-- the default first, in the same statement
ALTER TABLE temp_objects ADD COLUMN part_count integer;
ALTER TABLE temp_objects ALTER COLUMN part_count SET DEFAULT 0, ALTER COLUMN part_count SET NOT NULL;
