CREATE TABLE users (id bigint, email text);
-- migration
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- want `add-unique-constraint: adding unique constraint "users_email_key" to existing table "users" builds its unique index under an access exclusive lock`
ALTER TABLE users ADD PRIMARY KEY (id); -- want `adding primary key constraint to existing table "users"`
ALTER TABLE users ADD COLUMN handle text UNIQUE; -- want `adding column "handle" with unique to existing table "users"`
