-- release 1: expand and backfill only; the drop of users.email ships in a later release
ALTER TABLE users ADD COLUMN email_v2 text;
UPDATE users SET email_v2 = lower(email) WHERE id BETWEEN 1 AND 10000;
