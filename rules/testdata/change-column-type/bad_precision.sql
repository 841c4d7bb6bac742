CREATE TABLE events (at timestamp, seen timestamptz(6));
-- migration
ALTER TABLE events ALTER COLUMN at TYPE timestamp(0); -- want `change-column-type: .*"events.at" from timestamp to timestamp\(0\)`
ALTER TABLE events ALTER COLUMN seen TYPE timestamptz(3); -- want `change-column-type: .*"events.seen"`
