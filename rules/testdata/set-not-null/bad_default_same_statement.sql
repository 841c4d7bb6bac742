CREATE TABLE temp_objects (id bigint PRIMARY KEY, k text, note text);
-- migration
-- the twin of ok_default_same_statement: the same ALTER TABLE drops the
-- default it gave, or sets it to NULL, so old inserts that leave the column
-- out fail
ALTER TABLE temp_objects ADD COLUMN is_multipart boolean DEFAULT FALSE;
ALTER TABLE temp_objects ALTER COLUMN is_multipart SET NOT NULL, ALTER COLUMN is_multipart DROP DEFAULT; -- want `set-not-null: setting column "temp_objects.is_multipart" not null breaks old code that writes null to it or omits it in inserts`
ALTER TABLE temp_objects ADD COLUMN part_count integer;
ALTER TABLE temp_objects ALTER COLUMN part_count SET DEFAULT NULL, ALTER COLUMN part_count SET NOT NULL; -- want `set-not-null: setting column "temp_objects.part_count" not null breaks old code that writes null to it or omits it in inserts`
-- an old column given a default by the same statement: only explicit NULL
-- writes fail
ALTER TABLE temp_objects ALTER COLUMN note SET NOT NULL, ALTER COLUMN note SET DEFAULT ''; -- want `set-not-null: setting column "temp_objects.note" not null breaks old code that writes null to it$`
