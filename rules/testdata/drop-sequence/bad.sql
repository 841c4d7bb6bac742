CREATE SEQUENCE invoice_number_seq;
-- migration
DROP SEQUENCE invoice_number_seq; -- want `drop-sequence: dropping sequence "invoice_number_seq" breaks code and column defaults that still use it`
