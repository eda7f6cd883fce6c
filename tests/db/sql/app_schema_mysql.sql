-- The MariaDB side of the application-style schema: audit triggers on every table, ON UPDATE
-- CURRENT_TIMESTAMP columns, a row-version trigger, views of views. Two duplicate inline ENUMs:
-- film.rating (400 rows, a view) and festival_entry.rating (30 rows, labels PG_13/NC_17 spelt apart).
CREATE TABLE audit_log (
    audit_id BIGINT AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(64) NOT NULL,
    op VARCHAR(8) NOT NULL,
    row_id INT NOT NULL
);
CREATE TABLE film (
    film_id INT PRIMARY KEY,
    title VARCHAR(100) NOT NULL,
    rating ENUM('G', 'PG', 'PG-13', 'R', 'NC-17') DEFAULT 'G',
    last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    KEY film_rating_idx (rating)
);
CREATE TABLE festival_entry (
    entry_id INT PRIMARY KEY,
    film_id INT NOT NULL,
    rating ENUM('G', 'PG', 'PG_13', 'R', 'NC_17') NOT NULL DEFAULT 'PG',
    jury_note VARCHAR(100),
    version INT NOT NULL DEFAULT 1,
    updated_at DATETIME(6) NOT NULL DEFAULT '2000-01-01 00:00:00',
    last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    KEY festival_entry_rating_idx (rating),
    CONSTRAINT festival_entry_fk FOREIGN KEY (film_id) REFERENCES film (film_id)
);
DELIMITER //
CREATE TRIGGER film_audit_ins AFTER INSERT ON film FOR EACH ROW
    INSERT INTO audit_log (table_name, op, row_id) VALUES ('film', 'INSERT', NEW.film_id)//
CREATE TRIGGER film_audit_upd AFTER UPDATE ON film FOR EACH ROW
    INSERT INTO audit_log (table_name, op, row_id) VALUES ('film', 'UPDATE', NEW.film_id)//
CREATE TRIGGER festival_entry_version BEFORE UPDATE ON festival_entry FOR EACH ROW
BEGIN
    SET NEW.version = OLD.version + 1;
    SET NEW.updated_at = NOW(6);
END//
CREATE TRIGGER festival_entry_note BEFORE UPDATE ON festival_entry FOR EACH ROW FOLLOWS festival_entry_version
    SET NEW.jury_note = COALESCE(NEW.jury_note, OLD.jury_note)//
CREATE TRIGGER festival_entry_audit_upd AFTER UPDATE ON festival_entry FOR EACH ROW
    INSERT INTO audit_log (table_name, op, row_id) VALUES ('festival_entry', 'UPDATE', NEW.entry_id)//
DELIMITER ;
CREATE VIEW festival_board AS
    SELECT e.entry_id, e.rating, f.title FROM festival_entry e JOIN film f ON f.film_id = e.film_id;
CREATE VIEW festival_adult_board AS SELECT entry_id, title FROM festival_board WHERE rating = 'NC_17';
CREATE VIEW film_list AS SELECT film_id, title, rating FROM film;

INSERT INTO film (film_id, title, rating)
    SELECT seq, CONCAT('Film ', seq), ELT(1 + seq % 5, 'G', 'PG', 'PG-13', 'R', 'NC-17') FROM seq_1_to_400;
INSERT INTO festival_entry (entry_id, film_id, rating, jury_note)
    SELECT seq, seq, ELT(1 + seq % 5, 'G', 'PG', 'PG_13', 'R', 'NC_17'), IF(seq % 7 = 0, 'secret', NULL)
    FROM seq_1_to_30;
UPDATE film SET last_update = TIMESTAMP '2020-02-15 10:00:00' + INTERVAL film_id MINUTE;
UPDATE festival_entry SET last_update = TIMESTAMP '2021-03-01 09:00:00' + INTERVAL entry_id HOUR;
ANALYZE TABLE film, festival_entry;
