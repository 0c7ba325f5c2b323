-- Contract, too early: version 1 of the orders service still reads `total`.
SET lock_timeout = '2s';
ALTER TABLE orders DROP COLUMN total;
CREATE INDEX orders_created_at_idx ON orders (created_at);
