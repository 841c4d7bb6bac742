CREATE TABLE users (id bigint PRIMARY KEY);
-- migration
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;
ALTER TABLE users ADD COLUMN num bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE users ADD COLUMN email_lower text NOT NULL GENERATED ALWAYS AS (lower(nickname)) STORED;
CREATE TABLE fresh (id bigint);
ALTER TABLE fresh ADD COLUMN owner bigint NOT NULL;
-- already there: ADD COLUMN IF NOT EXISTS is a no-op
ALTER TABLE users ADD COLUMN IF NOT EXISTS id bigint NOT NULL;
