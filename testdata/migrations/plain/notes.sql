-- not a migration: no version in the name
SELECT 1;
