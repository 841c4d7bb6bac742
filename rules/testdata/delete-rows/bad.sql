CREATE TABLE sessions (id bigint, created_at timestamptz);
-- migration
DELETE FROM sessions WHERE created_at < now() - interval '90 days'; -- want `delete-rows: deleting rows from table "sessions" cannot be undone by rolling back`
DELETE FROM sessions; -- want `delete-rows: deleting every row of table "sessions"`
