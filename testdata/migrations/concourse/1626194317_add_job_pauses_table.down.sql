ALTER TABLE jobs
  DROP COLUMN paused_by,
  DROP COLUMN paused_at;
