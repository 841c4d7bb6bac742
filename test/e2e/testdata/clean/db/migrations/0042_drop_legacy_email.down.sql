ALTER TABLE users DROP COLUMN tenant_id;
ALTER TABLE user_sessions RENAME TO sessions;
ALTER TABLE users ADD COLUMN legacy_email text;
