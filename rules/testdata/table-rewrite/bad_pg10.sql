-- pg-version: 10
CREATE TABLE users (id integer PRIMARY KEY);
-- migration
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true; -- want `adding column "active" with a default to existing table "users" on postgres 10 rewrites`
