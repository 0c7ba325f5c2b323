BEGIN;
ALTER TABLE users DROP CONSTRAINT users_legacy_check;
UPDATE orders SET status = 'open';
COMMIT;
