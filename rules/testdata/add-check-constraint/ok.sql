CREATE TABLE jobs (id bigint, paused boolean NOT NULL DEFAULT false);
-- migration
ALTER TABLE jobs ADD CONSTRAINT jobs_id_nn CHECK (id IS NOT NULL) NOT VALID;
CREATE TABLE fresh (id bigint, n int);
ALTER TABLE fresh ADD CONSTRAINT fresh_n CHECK (n > 0);
ALTER TABLE jobs ADD COLUMN pause_reason text;
