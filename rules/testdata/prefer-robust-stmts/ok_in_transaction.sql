-- format: goose
-- +goose Up
CREATE TABLE invoices (id bigint);
DROP TABLE invoices;
