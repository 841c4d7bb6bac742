create table people(
  id serial primary key,
  name text not null
);

---- create above / drop below ----

drop table people;
