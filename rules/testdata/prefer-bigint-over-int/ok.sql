CREATE TABLE events (id bigserial PRIMARY KEY, count bigint, ratio numeric);
ALTER TABLE events ADD COLUMN hits bigint;
