UPDATE users SET email = lower(trim(email)) WHERE id = 1;
INSERT INTO users (id, email) VALUES (2, 'a@example.com');
