CREATE TABLE users (id bigint PRIMARY KEY, email text, status text DEFAULT 'active');
-- migration
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want `set-not-null: setting column "users.email" not null breaks old code that writes null to it or omits it in inserts`
ALTER TABLE users ALTER COLUMN status SET NOT NULL; -- want `set-not-null: setting column "users.status" not null breaks old code that writes null to it$`
