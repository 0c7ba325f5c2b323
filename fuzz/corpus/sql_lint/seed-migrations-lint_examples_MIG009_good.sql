-- expand: a second name for the table while the app moves over
CREATE VIEW customers AS SELECT * FROM accounts;
