BEGIN;
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id); -- want `concurrently-in-transaction: create index concurrently cannot run inside a transaction block; .*BEGIN at line 1`
DROP INDEX CONCURRENTLY orders_old_idx; -- want `drop index concurrently cannot run inside a transaction block`
REINDEX INDEX CONCURRENTLY orders_pkey; -- want `reindex concurrently`
COMMIT;
