CREATE TABLE setting (name text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE profile (id bigint, doc jsonb);
-- migration
UPDATE setting SET value = jsonb_set(value #- '{maximumRoleExpiration}', '{maximumRequestExpiration}', value->'maximumRoleExpiration', true) WHERE name = 'WORKSPACE_PROFILE' AND value ? 'maximumRoleExpiration'; -- want `rename-json-key: updating "setting.value" renames json key "maximumRoleExpiration" to "maximumRequestExpiration": old code that reads the old key finds nothing after a rollback`
UPDATE profile SET doc = (doc - 'colour') || jsonb_build_object('color', doc->'colour'); -- want `rename-json-key: updating "profile.doc" renames json key "colour" to "color"`
UPDATE profile SET doc = replace(doc::text, '"nick":', '"nickname":')::jsonb; -- want `rename-json-key: updating "profile.doc" renames json key "nick" to "nickname"`
