-- file: db/V42__orders.sql
CREATE TABLE orders (id bigint PRIMARY KEY);
