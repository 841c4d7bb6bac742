-- Snippets for comparing rbcheck's default rules with squawk's defaults,
-- written for this comparison (not taken from either tool's tests). Each
-- starts with a header:
--   -- name: a unique name
--   -- squawk: the squawk rule the snippet is about
--   -- rbcheck: the rbcheck rules that catch the same hazard (comma-separated)
--   -- hazard: yes (the statement is dangerous or fails) or no (it is safe)
--   -- why: optional, for snippets where the two tools are expected to differ
-- and ends at the next header. go run ./bench/squawkcmp prints the table.

-- name: index-plain
-- squawk: require-concurrent-index-creation
-- rbcheck: require-concurrent-index
-- hazard: yes
CREATE INDEX invoices_customer_idx ON invoices (customer_id);

-- name: index-concurrent
-- squawk: require-concurrent-index-creation
-- rbcheck: require-concurrent-index
-- hazard: no
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_customer_idx ON invoices (customer_id);

-- name: index-on-new-table
-- squawk: require-concurrent-index-creation
-- rbcheck: require-concurrent-index
-- hazard: no
-- why: the table is created by the same migration; nobody writes to it yet
CREATE TABLE credit_notes (id bigint PRIMARY KEY, invoice_id bigint);
CREATE INDEX credit_notes_invoice_idx ON credit_notes (invoice_id);

-- name: index-unique-plain
-- squawk: require-concurrent-index-creation
-- rbcheck: require-concurrent-index
-- hazard: yes
CREATE UNIQUE INDEX invoices_number_key ON invoices (number);

-- name: drop-index-plain
-- squawk: require-concurrent-index-deletion
-- rbcheck: require-concurrent-index-drop
-- hazard: yes
DROP INDEX invoices_customer_idx;

-- name: drop-index-concurrent
-- squawk: require-concurrent-index-deletion
-- rbcheck: require-concurrent-index-drop
-- hazard: no
DROP INDEX CONCURRENTLY IF EXISTS invoices_customer_idx;

-- name: reindex-plain
-- squawk: require-concurrent-reindex
-- rbcheck: require-concurrent-reindex
-- hazard: yes
REINDEX INDEX invoices_customer_idx;

-- name: reindex-concurrent
-- squawk: require-concurrent-reindex
-- rbcheck: require-concurrent-reindex
-- hazard: no
REINDEX INDEX CONCURRENTLY invoices_customer_idx;

-- name: detach-plain
-- squawk: require-concurrent-partition-detach
-- rbcheck: require-concurrent-partition-detach
-- hazard: yes
ALTER TABLE ledger DETACH PARTITION ledger_2019;

-- name: detach-concurrent
-- squawk: require-concurrent-partition-detach
-- rbcheck: require-concurrent-partition-detach
-- hazard: no
ALTER TABLE ledger DETACH PARTITION ledger_2019 CONCURRENTLY;

-- name: detach-finalize
-- squawk: require-concurrent-partition-detach
-- rbcheck: require-concurrent-partition-detach
-- hazard: no
-- why: FINALIZE takes SHARE UPDATE EXCLUSIVE on the parent (pg_locks, PG 15)
ALTER TABLE ledger DETACH PARTITION ledger_2019 FINALIZE;

-- name: check-valid
-- squawk: constraint-missing-not-valid
-- rbcheck: constraint-not-valid
-- hazard: yes
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total >= 0);

-- name: check-not-valid
-- squawk: constraint-missing-not-valid
-- rbcheck: constraint-not-valid
-- hazard: no
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total >= 0) NOT VALID;

-- name: check-validate-same-tx
-- squawk: constraint-missing-not-valid
-- rbcheck: constraint-not-valid, statements-after-access-exclusive
-- hazard: yes
BEGIN;
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total >= 0) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_positive;
COMMIT;

-- name: check-validate-later
-- squawk: constraint-missing-not-valid
-- rbcheck: constraint-not-valid
-- hazard: no
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_positive;

-- name: fk-valid
-- squawk: adding-foreign-key-constraint
-- rbcheck: constraint-not-valid
-- hazard: yes
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);

-- name: fk-not-valid
-- squawk: adding-foreign-key-constraint
-- rbcheck: constraint-not-valid
-- hazard: no
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

-- name: fk-column-references
-- squawk: adding-foreign-key-constraint
-- rbcheck: constraint-not-valid
-- hazard: yes
ALTER TABLE invoices ADD COLUMN agent_id bigint REFERENCES agents (id);

-- name: fk-new-table
-- squawk: adding-foreign-key-constraint
-- rbcheck: constraint-not-valid
-- hazard: no
CREATE TABLE payments (id bigint PRIMARY KEY, invoice_id bigint REFERENCES invoices (id));

-- name: default-volatile-builtin
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: yes
ALTER TABLE invoices ADD COLUMN public_id uuid DEFAULT gen_random_uuid();

-- name: default-volatile-clock
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: yes
ALTER TABLE invoices ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();

-- name: default-unknown-function
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: yes
-- why: an unknown function is VOLATILE unless declared otherwise (rewrite confirmed on PG 15 with a plpgsql function)
ALTER TABLE invoices ADD COLUMN payload jsonb DEFAULT build_invoice_payload();

-- name: default-declared-stable
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: no
-- why: the function is declared STABLE, so Postgres stores the default instead of rewriting
CREATE FUNCTION shop_currency() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'EUR' $$;
ALTER TABLE invoices ADD COLUMN currency text DEFAULT shop_currency();

-- name: default-constant
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: no
ALTER TABLE invoices ADD COLUMN status text NOT NULL DEFAULT 'open';

-- name: default-now
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: no
ALTER TABLE invoices ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- name: default-stable-expression
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: no
-- why: CURRENT_DATE + 30 is stable: no rewrite since Postgres 11
ALTER TABLE invoices ADD COLUMN due_on date DEFAULT (CURRENT_DATE + 30);

-- name: default-jsonb-builder
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: no
-- why: jsonb_build_object is stable (pg_proc.provolatile): no rewrite
ALTER TABLE invoices ADD COLUMN meta jsonb NOT NULL DEFAULT jsonb_build_object('version', 2);

-- name: default-pg10
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: yes
-- pg: 10
ALTER TABLE invoices ADD COLUMN status text DEFAULT 'open';

-- name: generated-stored
-- squawk: adding-field-with-default
-- rbcheck: table-rewrite
-- hazard: yes
ALTER TABLE invoices ADD COLUMN total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED;

-- name: not-null-with-default
-- squawk: adding-not-nullable-field
-- rbcheck: set-not-null-scan, add-required-column
-- hazard: no
ALTER TABLE invoices ADD COLUMN region text NOT NULL DEFAULT 'eu';

-- name: set-not-null-plain
-- squawk: adding-not-nullable-field
-- rbcheck: set-not-null-scan
-- hazard: yes
ALTER TABLE invoices ALTER COLUMN customer_id SET NOT NULL;

-- name: set-not-null-check-not-validated
-- squawk: adding-not-nullable-field
-- rbcheck: set-not-null-scan
-- hazard: yes
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;
ALTER TABLE invoices ALTER COLUMN customer_id SET NOT NULL;

-- name: set-not-null-check-validated
-- squawk: adding-not-nullable-field
-- rbcheck: set-not-null-scan
-- hazard: no
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;
-- migration
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_nn;
ALTER TABLE invoices ALTER COLUMN customer_id SET NOT NULL;

-- name: required-without-default
-- squawk: adding-required-field
-- rbcheck: add-required-column
-- hazard: yes
ALTER TABLE invoices ADD COLUMN issuer text NOT NULL;

-- name: required-with-default
-- squawk: adding-required-field
-- rbcheck: add-required-column
-- hazard: no
ALTER TABLE invoices ADD COLUMN issuer text NOT NULL DEFAULT 'acme';

-- name: serial-pk-column
-- squawk: adding-serial-primary-key-field
-- rbcheck: table-rewrite, add-unique-constraint
-- hazard: yes
ALTER TABLE audit_log ADD COLUMN id bigserial PRIMARY KEY;

-- name: pk-from-columns
-- squawk: adding-serial-primary-key-field
-- rbcheck: add-unique-constraint
-- hazard: yes
ALTER TABLE audit_log ADD PRIMARY KEY (entry_id);

-- name: pk-using-index
-- squawk: adding-serial-primary-key-field
-- rbcheck: add-unique-constraint
-- hazard: no
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_entry_id_idx;

-- name: unique-constraint
-- squawk: disallowed-unique-constraint
-- rbcheck: add-unique-constraint
-- hazard: yes
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);

-- name: unique-using-index
-- squawk: disallowed-unique-constraint
-- rbcheck: add-unique-constraint
-- hazard: no
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE USING INDEX invoices_number_idx;

-- name: type-change-int-bigint
-- squawk: changing-column-type
-- rbcheck: change-column-type, table-rewrite
-- hazard: yes
ALTER TABLE invoices ALTER COLUMN id TYPE bigint;

-- name: type-change-varchar-text
-- squawk: changing-column-type
-- rbcheck: change-column-type, table-rewrite
-- hazard: no
-- why: varchar(n) to text rewrites nothing (binary compatible) and old code reads text as it read varchar
CREATE TABLE notes (id bigint, body varchar(200));
-- migration
ALTER TABLE notes ALTER COLUMN body TYPE text;

-- name: drop-column
-- squawk: ban-drop-column
-- rbcheck: drop-column
-- hazard: yes
ALTER TABLE invoices DROP COLUMN legacy_code;

-- name: drop-column-of-new-table
-- squawk: ban-drop-column
-- rbcheck: drop-column
-- hazard: no
-- why: the table is created by the same migration, so no deployed code uses the column
CREATE TABLE drafts (id bigint, scratch text);
ALTER TABLE drafts DROP COLUMN scratch;

-- name: drop-table
-- squawk: ban-drop-table
-- rbcheck: drop-table
-- hazard: yes
DROP TABLE invoice_archive;

-- name: drop-database
-- squawk: ban-drop-database
-- rbcheck: drop-database
-- hazard: yes
DROP DATABASE billing_staging;

-- name: drop-not-null
-- squawk: ban-drop-not-null
-- rbcheck: drop-not-null
-- hazard: yes
ALTER TABLE invoices ALTER COLUMN customer_id DROP NOT NULL;

-- name: rename-column
-- squawk: renaming-column
-- rbcheck: rename-column
-- hazard: yes
ALTER TABLE invoices RENAME COLUMN number TO invoice_number;

-- name: rename-table
-- squawk: renaming-table
-- rbcheck: rename-table
-- hazard: yes
ALTER TABLE invoices RENAME TO bills;

-- name: truncate-cascade
-- squawk: ban-truncate-cascade
-- rbcheck: truncate-table
-- hazard: yes
TRUNCATE invoices CASCADE;

-- name: create-domain-check
-- squawk: ban-create-domain-with-constraint
-- rbcheck: ban-create-domain-with-constraint
-- hazard: yes
CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);

-- name: create-domain-plain
-- squawk: ban-create-domain-with-constraint
-- rbcheck: ban-create-domain-with-constraint
-- hazard: no
CREATE DOMAIN amount AS numeric;

-- name: alter-domain-add-check
-- squawk: ban-alter-domain-with-add-constraint
-- rbcheck: ban-alter-domain-with-add-constraint
-- hazard: yes
ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);

-- name: varchar-column
-- squawk: prefer-text-field
-- rbcheck: prefer-text-field
-- hazard: yes
CREATE TABLE vendors (id bigint, name varchar(100));

-- name: text-column
-- squawk: prefer-text-field
-- rbcheck: prefer-text-field
-- hazard: no
CREATE TABLE vendors (id bigint, name text CHECK (length(name) <= 100));

-- name: int-column
-- squawk: prefer-bigint-over-int
-- rbcheck: prefer-bigint-over-int
-- hazard: yes
CREATE TABLE vendors (id int PRIMARY KEY, name text);

-- name: smallint-column
-- squawk: prefer-bigint-over-smallint
-- rbcheck: prefer-bigint-over-int
-- hazard: yes
CREATE TABLE vendors (id bigint PRIMARY KEY, rank smallint);

-- name: bigint-column
-- squawk: prefer-bigint-over-int
-- rbcheck: prefer-bigint-over-int
-- hazard: no
CREATE TABLE vendors (id bigint PRIMARY KEY, name text);

-- name: serial-column
-- squawk: prefer-identity
-- rbcheck: prefer-identity
-- hazard: yes
CREATE TABLE vendors (id bigserial PRIMARY KEY, name text);

-- name: identity-column
-- squawk: prefer-identity
-- rbcheck: prefer-identity
-- hazard: no
CREATE TABLE vendors (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);

-- name: timestamp-column
-- squawk: prefer-timestamp-tz
-- rbcheck: prefer-timestamptz
-- hazard: yes
ALTER TABLE vendors ADD COLUMN approved_at timestamp;

-- name: timestamptz-column
-- squawk: prefer-timestamp-tz
-- rbcheck: prefer-timestamptz
-- hazard: no
ALTER TABLE vendors ADD COLUMN approved_at timestamptz;

-- name: char-column
-- squawk: ban-char-field
-- rbcheck: ban-char-field
-- hazard: yes
CREATE TABLE vendors (id bigint, country char(2));

-- name: one-byte-char
-- squawk: ban-char-field
-- rbcheck: ban-char-field
-- hazard: no
-- why: "char" is Postgres' one-byte type, not char(n)
CREATE TABLE vendors (id bigint, tier "char");

-- name: enum-add-value
-- squawk: require-enum-value-ordering
-- rbcheck: add-enum-value
-- hazard: yes
-- why: squawk asks for BEFORE/AFTER; rbcheck warns that old code may not read the new value
ALTER TYPE invoice_state ADD VALUE 'disputed';

-- name: long-identifier
-- squawk: identifier-too-long
-- rbcheck: identifier-too-long
-- hazard: yes
CREATE TABLE vendor_contracts_with_payment_terms_and_early_payment_discounts_v2 (id bigint);

-- name: vacuum-full
-- squawk: prefer-repack
-- rbcheck: vacuum-full-or-cluster
-- hazard: yes
-- why: VACUUM FULL rewrites the table under ACCESS EXCLUSIVE; squawk 2.66 has no rule for it
VACUUM FULL invoices;

-- name: cluster
-- squawk: prefer-repack
-- rbcheck: vacuum-full-or-cluster
-- hazard: yes
-- why: CLUSTER rewrites the table under ACCESS EXCLUSIVE; squawk 2.66 has no rule for it
CLUSTER invoices USING invoices_pkey;

-- name: lock-timeout-missing
-- squawk: require-lock-timeout
-- rbcheck: require-lock-timeout
-- hazard: yes
ALTER TABLE invoices ADD COLUMN memo text;

-- name: lock-timeout-set
-- squawk: require-lock-timeout
-- rbcheck: require-lock-timeout
-- hazard: no
SET lock_timeout = '3s';
ALTER TABLE invoices ADD COLUMN memo text;

-- name: statement-timeout-missing
-- squawk: require-statement-timeout
-- rbcheck: require-statement-timeout
-- hazard: yes
SET lock_timeout = '3s';
ALTER TABLE invoices ALTER COLUMN total TYPE numeric(14, 2);

-- name: statement-timeout-fast-alter
-- squawk: require-statement-timeout
-- rbcheck: require-statement-timeout
-- hazard: no
-- why: adding a nullable column only changes the catalog; lock_timeout already bounds the wait for the lock
SET lock_timeout = '3s';
ALTER TABLE invoices ADD COLUMN memo text;

-- name: statement-timeout-set
-- squawk: require-statement-timeout
-- rbcheck: require-statement-timeout
-- hazard: no
SET lock_timeout = '3s';
SET statement_timeout = '60s';
ALTER TABLE invoices ALTER COLUMN total TYPE numeric(14, 2);

-- name: robust-create-table
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: yes
CREATE TABLE vendors (id bigint);
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_vendor_idx ON invoices (vendor_id);

-- name: robust-if-not-exists
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: no
CREATE TABLE IF NOT EXISTS vendors (id bigint);
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_vendor_idx ON invoices (vendor_id);

-- name: robust-in-transaction
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: no
BEGIN;
CREATE TABLE vendors (id bigint);
ALTER TABLE invoices ADD COLUMN vendor_id bigint;
COMMIT;

-- name: robust-drop-add-one-statement
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: no
ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_total_positive,
  ADD CONSTRAINT invoices_total_positive CHECK (total >= 0) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_positive;

-- name: robust-second-add
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: yes
ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_total_positive;
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total >= 0) NOT VALID;
ALTER TABLE invoices ADD CONSTRAINT invoices_total_positive CHECK (total > 0) NOT VALID;

-- name: robust-unnamed-concurrent-index
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: yes
-- why: a retry builds a second index (invoices_vendor_id_idx1); squawk stays quiet on unnamed indexes
SET lock_timeout = '3s';
CREATE INDEX CONCURRENTLY ON invoices (vendor_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_issued_idx ON invoices (issued_at);

-- name: robust-single-statement
-- squawk: prefer-robust-stmts
-- rbcheck: prefer-robust-stmts
-- hazard: no
-- why: one statement cannot be left half applied
ALTER TABLE invoices ADD COLUMN vendor_id bigint;

-- name: nested-begin
-- squawk: transaction-nesting
-- rbcheck: transaction-nesting
-- hazard: yes
-- why: goose wraps the file in a transaction already; squawk does not know the tool
-- format: goose
-- +goose Up
BEGIN;
ALTER TABLE invoices ADD COLUMN vendor_id bigint;
COMMIT;

-- name: concurrent-index-in-transaction
-- squawk: ban-concurrent-index-creation-in-transaction
-- rbcheck: concurrently-in-transaction
-- hazard: yes
BEGIN;
CREATE INDEX CONCURRENTLY invoices_vendor_idx ON invoices (vendor_id);
COMMIT;

-- name: concurrent-index-alone
-- squawk: ban-concurrent-index-creation-in-transaction
-- rbcheck: concurrently-in-transaction
-- hazard: no
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_vendor_idx ON invoices (vendor_id);

-- name: uncommitted-begin
-- squawk: ban-uncommitted-transaction
-- rbcheck: ban-uncommitted-transaction
-- hazard: yes
BEGIN;
ALTER TABLE invoices ADD COLUMN vendor_id bigint;

-- name: update-duplicate-assignment
-- squawk: ban-duplicate-column-assignments
-- rbcheck: duplicate-column
-- hazard: yes
UPDATE invoices SET status = 'void', total = 0, status = 'cancelled' WHERE id = 7;

-- name: insert-duplicate-column
-- squawk: ban-duplicate-column-assignments
-- rbcheck: duplicate-column
-- hazard: yes
INSERT INTO invoices (id, status, status) VALUES (1, 'a', 'b');

-- name: create-table-duplicate-column
-- squawk: ban-duplicate-column-assignments
-- rbcheck: duplicate-column
-- hazard: yes
CREATE TABLE vendors (id bigint, name text, name varchar(10));

-- name: update-array-elements
-- squawk: ban-duplicate-column-assignments
-- rbcheck: duplicate-column
-- hazard: no
UPDATE invoices SET tags[1] = 'a', tags[2] = 'b' WHERE id = 7;
