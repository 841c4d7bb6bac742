CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- migration
ALTER TABLE orders ADD COLUMN note text; -- want `require-lock-timeout: statement takes an access exclusive lock on existing table "orders" without lock_timeout; while it waits for the lock, reads and writes of "orders" queue behind it`
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)); -- want `share row exclusive lock on existing table "users" .* writes of "users"`
TRUNCATE orders; -- want `access exclusive lock on existing table "orders"`
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note2 text;
SET lock_timeout = 0;
DROP TABLE users; -- want `access exclusive lock on existing table "users"`
