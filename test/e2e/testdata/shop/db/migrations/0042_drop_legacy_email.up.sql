-- contract: legacy_email was replaced by email in 0040
-- (backfilled in 0041)
ALTER TABLE users DROP COLUMN legacy_email;
ALTER TABLE sessions RENAME TO user_sessions;
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;
