CREATE TABLE users (id bigint PRIMARY KEY, email text, status text DEFAULT 'active', phone text);
-- migration
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want `set-not-null: setting column "users.email" not null breaks old code that writes null to it or omits it in inserts`
ALTER TABLE users ALTER COLUMN status SET NOT NULL; -- want `set-not-null: setting column "users.status" not null breaks old code that writes null to it$`
ALTER TABLE users ADD CONSTRAINT users_phone_nn CHECK ("phone" IS NOT NULL) NOT VALID; -- want `set-not-null: adding check "phone is not null" on "users" breaks old code that writes null to it or omits it in inserts`
