BEGIN; -- want `ban-uncommitted-transaction: begin opens a transaction that the migration never commits`
ALTER TABLE orders ADD COLUMN note text;
