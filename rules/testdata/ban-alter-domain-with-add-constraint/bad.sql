CREATE DOMAIN positive_int AS integer;
-- migration
ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0); -- want `ban-alter-domain-with-add-constraint: adding a constraint to domain "positive_int" checks every column that uses it`
