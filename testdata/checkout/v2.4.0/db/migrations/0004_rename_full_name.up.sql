ALTER TABLE users RENAME COLUMN full_name TO name;
ALTER TABLE users ADD COLUMN phone text;
