CREATE TABLE users (id bigint PRIMARY KEY);
-- migration
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)); -- want `share row exclusive lock on existing table "users" without lock_timeout; while it waits for the lock, writes of "users" queue behind it`
