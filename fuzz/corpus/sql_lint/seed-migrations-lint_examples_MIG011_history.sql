CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), bio varchar(500));
