CREATE TABLE audit_log (id bigint);
-- migration
TRUNCATE TABLE audit_log; -- want `truncate-table: truncating table "audit_log" deletes every row, which no rollback restores`
TRUNCATE users, orders CASCADE; -- want `truncate-table: .*"users".*cascade` `truncate-table: .*"orders".*cascade`
