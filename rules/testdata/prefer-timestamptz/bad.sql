CREATE TABLE events (id bigint, at timestamp); -- want `prefer-timestamptz: column "at" of "events" is timestamp without time zone`
ALTER TABLE events ADD COLUMN seen_at timestamp(3) without time zone; -- want `column "seen_at" of "events"`
ALTER TABLE events ALTER COLUMN at TYPE timestamp(6); -- want `column "at" of "events"`
