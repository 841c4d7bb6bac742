ALTER TABLE clients DROP COLUMN secret;
DROP TABLE sessions;
