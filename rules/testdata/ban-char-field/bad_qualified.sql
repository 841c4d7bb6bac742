-- bpchar is char(n) under its internal name, qualified or not; an array of
-- char(n) pads every element.
CREATE TABLE ledger_entries (id bigint, currency pg_catalog.bpchar(3)); -- want `ban-char-field: column "currency" of "ledger_entries" is pg_catalog.bpchar\(3\)`
ALTER TABLE ledger_entries ADD COLUMN codes char(2)[]; -- want `column "codes" of "ledger_entries" is char\(2\)\[\]`
ALTER TABLE ledger_entries ADD COLUMN side "char", ADD COLUMN country CHAR(2); -- want `column "country" of "ledger_entries" is CHAR\(2\)`
