ALTER TABLE users ADD COLUMN email_v2 text;
UPDATE users SET email_v2 = lower(email);
ALTER TABLE users DROP COLUMN email;
