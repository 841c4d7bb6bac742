ALTER TABLE repo ADD COLUMN uri text;
