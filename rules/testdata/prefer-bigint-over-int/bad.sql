CREATE TABLE events (id serial PRIMARY KEY, count integer, small smallint, big bigint); -- want `prefer-bigint-over-int: column "id" of "events" is serial` `column "count" of "events" is integer` `column "small" of "events" is smallint`
ALTER TABLE events ADD COLUMN hits int4; -- want `column "hits" of "events" is int4`
