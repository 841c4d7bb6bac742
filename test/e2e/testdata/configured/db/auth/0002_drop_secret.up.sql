ALTER TABLE clients DROP COLUMN secret;
