ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN bio text;
