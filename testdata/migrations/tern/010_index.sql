---- tern: disable-tx ----
create index concurrently people_email_idx on people (email);
---- create above / drop below ----
drop index people_email_idx;
