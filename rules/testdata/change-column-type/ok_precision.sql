CREATE TABLE events (at timestamp(3), seen timestamptz(0), dur interval);
-- migration
ALTER TABLE events ALTER COLUMN at TYPE timestamp(6);
ALTER TABLE events ALTER COLUMN seen TYPE timestamptz;
ALTER TABLE events ALTER COLUMN dur TYPE interval;
