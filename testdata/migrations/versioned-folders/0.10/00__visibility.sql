ALTER TABLE memo ADD COLUMN visibility text;
