CREATE TABLE users (id bigint, deleted_at timestamptz);
CREATE VIEW active_users AS SELECT id FROM users WHERE deleted_at IS NULL;
CREATE MATERIALIZED VIEW user_counts AS SELECT count(*) FROM users;
-- migration
DROP VIEW active_users; -- want `drop-view: dropping view "active_users" breaks code that still queries it`
DROP MATERIALIZED VIEW user_counts; -- want `drop-view: dropping materialized view "user_counts"`
-- a materialized view does not replace a plain view
DROP VIEW legacy_totals; -- want `drop-view: dropping view "legacy_totals"`
CREATE MATERIALIZED VIEW legacy_totals AS SELECT 1 AS n;
