CREATE TABLE invoices (id bigserial PRIMARY KEY, total numeric(12, 2) NOT NULL);
