CREATE TABLE events (id bigint, at timestamptz, day date, t time);
ALTER TABLE events ADD COLUMN seen_at timestamp with time zone;
