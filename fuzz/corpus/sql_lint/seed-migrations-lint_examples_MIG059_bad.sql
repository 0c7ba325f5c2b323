UPDATE users SET email = lower(email), email = trim(email) WHERE id = 1;
INSERT INTO users (id, email, email) VALUES (2, 'a@example.com', 'b@example.com');
