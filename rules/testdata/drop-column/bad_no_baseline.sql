-- without a baseline the catalog does not know the table: assume it exists
ALTER TABLE IF EXISTS app.accounts DROP COLUMN IF EXISTS old_flag CASCADE; -- want `drop-column: dropping column "app.accounts.old_flag"`
