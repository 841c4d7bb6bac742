CREATE TABLE users (id integer PRIMARY KEY, name varchar(50), note varchar(10), amount numeric(10,2));
-- migration
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE users ADD COLUMN token uuid;
ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
ALTER TABLE users ALTER COLUMN name TYPE text;
ALTER TABLE users ALTER COLUMN note TYPE varchar(200);
ALTER TABLE users ALTER COLUMN amount TYPE numeric(12,2);
CREATE TABLE fresh (id integer);
ALTER TABLE fresh ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE fresh ALTER COLUMN id TYPE bigint;
