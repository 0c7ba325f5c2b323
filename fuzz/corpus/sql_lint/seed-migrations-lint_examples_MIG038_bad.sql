ALTER TABLE users ADD COLUMN nickname text NOT NUL;
