CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
ALTER TABLE events ADD COLUMN meta jsonb;
