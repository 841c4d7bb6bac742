-- An earlier DETACH … CONCURRENTLY was cancelled and left "events_2019"
-- pending; FINALIZE completes it under SHARE UPDATE EXCLUSIVE on "events",
-- and may run inside the tool's transaction.
-- format: goose
CREATE TABLE events (id bigint, happened_on date) PARTITION BY RANGE (happened_on);
CREATE TABLE events_2019 PARTITION OF events FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
-- migration
-- +goose Up
ALTER TABLE events DETACH PARTITION events_2019 FINALIZE;
