update users set access = '{"all":"s"}' where access = '{"all":"a"}';
