CREATE TABLE countries (code char(2), name text); -- want `ban-char-field: column "code" of "countries" is char\(2\); char pads values with spaces`
ALTER TABLE countries ADD COLUMN iso3 character(3); -- want `column "iso3" of "countries" is character\(3\)`
