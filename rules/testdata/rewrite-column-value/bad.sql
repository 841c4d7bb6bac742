CREATE TABLE relation_tuples (id bigint, tenant_id text, expired_tx_id xid8 NOT NULL DEFAULT '0'::xid8);
CREATE TABLE orders (id bigint, status text);
-- migration
UPDATE relation_tuples SET expired_tx_id = '9223372036854775807'::xid8 WHERE expired_tx_id = '0'::xid8; -- want `rewrite-column-value: updating "relation_tuples.expired_tx_id" rewrites its rows with '0' to '9223372036854775807': old code that finds or writes rows by '0' silently misses them`
UPDATE orders SET status = 'cancelled' WHERE status = 'canceled' AND id > 10; -- want `rewrite-column-value: updating "orders.status" rewrites its rows with 'canceled' to 'cancelled'`
