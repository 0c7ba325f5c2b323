CREATE TABLE bookings (
    room int NOT NULL,
    during tstzrange NOT NULL,
    CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
);
