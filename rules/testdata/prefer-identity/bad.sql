CREATE TABLE events (id bigserial PRIMARY KEY); -- want `prefer-identity: column "id" of "events" is bigserial; serial columns use a loosely attached sequence`
ALTER TABLE events ADD COLUMN seq serial; -- want `column "seq" of "events" is serial`
