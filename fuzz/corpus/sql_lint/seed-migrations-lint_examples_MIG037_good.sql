ALTER TABLE users ADD COLUMN active boolean;
UPDATE users SET active = true WHERE id BETWEEN 1 AND 10000 AND active IS NULL;
