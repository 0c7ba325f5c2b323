BEGIN;
UPDATE accounts SET plan = 'free' WHERE plan IS NULL;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
