CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- migration
ALTER TABLE orders ADD COLUMN note text; -- want `require-lock-timeout: statement takes an access exclusive lock on existing table "orders" without lock_timeout \(and so do 2 later statements\); while it waits for the lock, reads and writes of "orders" queue behind it`
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
TRUNCATE orders;
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note2 text;
SET lock_timeout = 0;
DROP TABLE users; -- want `statement takes an access exclusive lock on existing table "users" without lock_timeout;`
