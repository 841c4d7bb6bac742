-- An unnamed index never fails on a retry: Postgres builds a second copy
-- under the next free name.
CREATE TABLE shipments (id bigint PRIMARY KEY, carrier_id bigint, tracking_code text);
-- migration
CREATE INDEX CONCURRENTLY ON shipments (carrier_id); -- want `prefer-robust-stmts: unnamed index on "shipments" is built a second time when the migration is retried: postgres gives the copy "shipments_carrier_id_idx1" and keeps both`
CREATE INDEX CONCURRENTLY ON shipments (lower(tracking_code)); -- want `unnamed index on "shipments" is built a second time .*the copy the next free name`
