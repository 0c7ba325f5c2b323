ALTER TABLE users SET (fillfactor = 70);
