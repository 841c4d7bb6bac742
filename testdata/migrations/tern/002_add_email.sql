alter table people add column email text;
-- rbcheck:roll-forward-only email backfill cannot be undone
update people set email = name || '@example.com';
---- create above / drop below ----
alter table people drop column email;
