BEGIN;
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY; -- want `detach partition concurrently cannot run inside a transaction block`
COMMIT;
