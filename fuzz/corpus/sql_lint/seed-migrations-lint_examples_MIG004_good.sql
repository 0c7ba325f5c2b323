CREATE VIEW active_users_v2 AS SELECT id, email FROM users WHERE active;
