CREATE DOMAIN email AS text;
ALTER TABLE users ADD CONSTRAINT users_email_at CHECK (email LIKE '%@%') NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_at;
