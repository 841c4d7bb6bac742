CREATE TABLE setting (name text PRIMARY KEY, value jsonb NOT NULL);
-- migration
-- the value copied under the new key, the old one kept
UPDATE setting SET value = jsonb_set(value, '{maximumRequestExpiration}', value->'maximumRoleExpiration') WHERE value ? 'maximumRoleExpiration';
-- a key removed and another set from elsewhere is no rename
UPDATE setting SET value = jsonb_set(value #- '{announcement,level}', '{announcement,theme}', '{"text": 1}'::jsonb, true);
-- a column the release adds
ALTER TABLE setting ADD COLUMN extra jsonb;
UPDATE setting SET extra = (extra - 'a') || jsonb_build_object('b', extra->'a');
