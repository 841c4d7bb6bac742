CREATE TABLE measurements (id bigint, taken_at date) PARTITION BY RANGE (taken_at);
-- migration
CREATE INDEX measurements_taken_at_idx ON ONLY measurements (taken_at);
