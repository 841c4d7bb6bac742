CREATE TABLE measurements (id bigint, taken_at date) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
-- migration
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
