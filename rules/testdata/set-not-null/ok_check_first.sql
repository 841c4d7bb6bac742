CREATE TABLE users (id bigint PRIMARY KEY, email text, CONSTRAINT users_email_nn CHECK (email IS NOT NULL));
-- migration
-- old code already copes with the check: SET NOT NULL changes nothing for it
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_id_positive CHECK (id > 0) NOT VALID;
