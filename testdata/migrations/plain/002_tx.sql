BEGIN;
ALTER TABLE users ADD COLUMN email text;
COMMIT;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
