-- legacy_email was replaced by email in 2023.
ALTER TABLE users DROP COLUMN legacy_email;
