BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
UPDATE accounts SET plan = 'free' WHERE plan IS NULL;
COMMIT;
