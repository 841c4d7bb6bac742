CREATE TABLE users (id bigint PRIMARY KEY, name varchar(20));
-- migration
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'a'::text;
ALTER TABLE users ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN lower_name text DEFAULT lower('X');
ALTER TABLE users ALTER COLUMN name TYPE text USING name::text;
ALTER TABLE users SET (fillfactor = 90);
