-- unknown to the catalog: the name follows a unique-key convention
DROP INDEX CONCURRENTLY IF EXISTS accounts_email_key; -- want `drop-unique: dropping unique index "accounts_email_key" breaks`
