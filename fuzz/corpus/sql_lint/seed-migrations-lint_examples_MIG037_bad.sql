BEGIN;
ALTER TABLE users ADD COLUMN active boolean;
UPDATE users SET active = true;
COMMIT;
