CREATE TABLE staging (id bigint);
INSERT INTO staging VALUES (1), (2);
DELETE FROM staging WHERE id = 2;
