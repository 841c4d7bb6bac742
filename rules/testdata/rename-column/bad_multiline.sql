CREATE TABLE users (id bigint PRIMARY KEY, "Full Name" text);
-- migration
ALTER TABLE users
  RENAME COLUMN
    "Full Name" TO full_name; -- want `rename-column: renaming column "users.Full Name" to "full_name"`
