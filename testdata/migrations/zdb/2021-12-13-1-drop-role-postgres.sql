alter table users drop column role;
