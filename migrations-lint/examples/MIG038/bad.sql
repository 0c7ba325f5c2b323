ALTER TABLE users SET (fillfactr 70);
