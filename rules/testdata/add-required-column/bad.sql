CREATE TABLE users (id bigint PRIMARY KEY);
-- migration
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL; -- want `add-required-column: adding column "users.tenant_id" as not null without a default breaks old inserts that do not name it`
ALTER TABLE users ADD COLUMN region text NOT NULL DEFAULT NULL; -- want `add-required-column: .*"users.region"`
