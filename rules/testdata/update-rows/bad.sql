CREATE TABLE orders (id bigint, status text, note text);
-- migration
UPDATE orders SET status = 'cancelled' WHERE status = 'canceled'; -- want `update-rows: updating rows of table "orders" \(status\) overwrites old values, which rolling back cannot restore`
UPDATE orders SET status = 'x', note = ''; -- want `update-rows: updating every row of table "orders" \(status, note\)`
