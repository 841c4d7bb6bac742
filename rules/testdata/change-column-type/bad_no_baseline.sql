ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb; -- want `change-column-type: changing the type of column "events.payload" from its old type to jsonb`
