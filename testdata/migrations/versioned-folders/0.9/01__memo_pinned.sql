ALTER TABLE memo ADD COLUMN pinned boolean NOT NULL DEFAULT false;
