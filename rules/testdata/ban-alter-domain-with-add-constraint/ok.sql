CREATE DOMAIN positive_int AS integer;
-- migration
ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;
ALTER DOMAIN positive_int VALIDATE CONSTRAINT positive;
