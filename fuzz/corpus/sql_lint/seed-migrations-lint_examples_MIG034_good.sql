UPDATE orders SET status = 'open' WHERE id BETWEEN 1 AND 10000;
ALTER TABLE users DROP CONSTRAINT users_legacy_check;
