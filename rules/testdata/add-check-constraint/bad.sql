CREATE TABLE jobs (id bigint, paused boolean NOT NULL DEFAULT false, total int);
-- migration
ALTER TABLE jobs ADD COLUMN pause_reason text, ADD CONSTRAINT jobs_pause_reason CHECK (NOT paused OR pause_reason IS NOT NULL) NOT VALID; -- want `add-check-constraint: check constraint "jobs_pause_reason" is added to existing table "jobs": rows that old code writes must satisfy it`
ALTER TABLE jobs ADD CONSTRAINT jobs_total_positive CHECK (total > 0); -- want `add-check-constraint: check constraint "jobs_total_positive"`
