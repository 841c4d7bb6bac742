-- no baseline: tables the catalog does not know are assumed to exist
CREATE INDEX IF NOT EXISTS events_kind_idx ON app.events USING gin (kind); -- want `index "events_kind_idx" on existing table "app.events"`
