-- without a baseline the catalog does not know the table: assume it exists
ALTER TABLE IF EXISTS app.accounts DROP COLUMN IF EXISTS old_flag CASCADE; -- want `drop-column: dropping column "app.accounts.old_flag"`
-- a table only seen in ALTERs is partial: its other columns are unknown
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders DROP COLUMN IF EXISTS legacy; -- want `drop-column: .*"orders.legacy"`
