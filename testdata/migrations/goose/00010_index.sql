-- +goose NO TRANSACTION
-- rbcheck:ignore-file require-lock-timeout the table has 40 rows
-- +goose Up
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);

-- +goose Down
DROP INDEX CONCURRENTLY users_email_idx;
