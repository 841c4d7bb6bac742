-- A plain DETACH next to a FINALIZE of another partition: only the plain one
-- takes ACCESS EXCLUSIVE on "events".
CREATE TABLE events (id bigint, happened_on date) PARTITION BY RANGE (happened_on);
CREATE TABLE events_2019 PARTITION OF events FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
-- migration
ALTER TABLE events DETACH PARTITION events_2019 FINALIZE;
ALTER TABLE events DETACH PARTITION events_2020; -- want `require-concurrent-partition-detach: detaching partition "events_2020" .*access exclusive`
