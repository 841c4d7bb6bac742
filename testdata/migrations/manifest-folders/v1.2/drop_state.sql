ALTER TABLE executions DROP COLUMN state;
