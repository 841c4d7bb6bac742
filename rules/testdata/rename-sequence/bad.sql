CREATE SEQUENCE invoice_seq;
-- migration
ALTER SEQUENCE invoice_seq RENAME TO invoice_number_seq; -- want `rename-sequence: renaming sequence "invoice_seq" to "invoice_number_seq" breaks code that still names it`
