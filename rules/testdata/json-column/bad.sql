CREATE TABLE events (id bigint PRIMARY KEY, meta text);
-- migration
ALTER TABLE events ADD COLUMN payload json; -- want `json-column: column "payload" of "events" is json; it cannot be compared, grouped or GIN-indexed`
CREATE TABLE audits (id bigint, data json); -- want `column "data" of "audits" is json`
ALTER TABLE events ALTER COLUMN meta TYPE json USING meta::json; -- want `column "meta" of "events" is json`
