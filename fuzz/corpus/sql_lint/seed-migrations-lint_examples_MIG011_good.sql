-- users.name was created as varchar(50) (history.sql): widening needs no rewrite
ALTER TABLE users ALTER COLUMN name TYPE varchar(100);
ALTER TABLE users ALTER COLUMN bio TYPE text;
