-- A schema in the style of a real application (a film rental shop): audit triggers on every table,
-- a row version, a tsvector kept by trigger, a partitioned table, views of views, a materialized view,
-- a function taking the enum type, a domain over it, row-level security. Two identical ENUM types:
-- mpaa_rating (the big table, its views and the function use it) and festival_rating (a small table).
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE TYPE festival_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN family_rating AS mpaa_rating CONSTRAINT family_rating_check CHECK (VALUE <> 'NC-17');

CREATE TABLE audit_log (
    audit_id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    op text NOT NULL,
    row_data jsonb
);

CREATE FUNCTION set_last_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update := clock_timestamp();
    RETURN NEW;
END $$;

CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;

CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.audit_log (table_name, op, row_data) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW));
    RETURN NULL;
END $$;

CREATE FUNCTION rating_rank(r mpaa_rating) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT array_position(enum_range(NULL::mpaa_rating), r)
$$;

CREATE TABLE film (
    film_id serial PRIMARY KEY,
    title text NOT NULL,
    release_year year,
    rating mpaa_rating DEFAULT 'G',
    family family_rating,
    fulltext tsvector,
    last_update timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX film_rating_idx ON film (rating);
CREATE INDEX film_fulltext_idx ON film USING gin (fulltext);
CREATE TRIGGER film_last_update BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION set_last_update();
CREATE TRIGGER film_fulltext BEFORE INSERT OR UPDATE ON film FOR EACH ROW
    EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'pg_catalog.english', title);
CREATE TRIGGER film_audit AFTER INSERT OR UPDATE ON film FOR EACH ROW EXECUTE FUNCTION audit_row();
ALTER TABLE film ENABLE ROW LEVEL SECURITY;
CREATE POLICY film_not_adult ON film USING (rating IS DISTINCT FROM 'NC-17');

CREATE TABLE festival_entry (
    entry_id integer PRIMARY KEY,
    film_id integer NOT NULL REFERENCES film (film_id),
    rating festival_rating NOT NULL DEFAULT 'PG',
    jury_note text,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX festival_entry_adult_idx ON festival_entry (film_id) WHERE rating = 'NC-17';
CREATE TRIGGER festival_entry_updated BEFORE UPDATE ON festival_entry FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER festival_entry_audit AFTER INSERT OR UPDATE ON festival_entry FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER festival_entry_audit_stmt AFTER UPDATE ON festival_entry FOR EACH STATEMENT
    EXECUTE FUNCTION audit_row();
ALTER TABLE festival_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY festival_entry_public ON festival_entry USING (jury_note IS DISTINCT FROM 'secret');

CREATE TABLE payment (
    payment_id integer NOT NULL,
    paid_on date NOT NULL,
    film_id integer NOT NULL,
    amount numeric(6, 2) NOT NULL,
    last_update timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (payment_id, paid_on)
) PARTITION BY RANGE (paid_on);
CREATE TABLE payment_2025 PARTITION OF payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE payment_2026 PARTITION OF payment FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TRIGGER payment_last_update BEFORE UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION set_last_update();
CREATE TRIGGER payment_audit AFTER INSERT OR UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION audit_row();

CREATE VIEW film_list AS
    SELECT f.film_id, f.title, f.rating, rating_rank(f.rating) AS rank FROM film f;
CREATE VIEW family_film_list AS
    SELECT film_id, title, rating FROM film_list WHERE rating IN ('G', 'PG');
CREATE VIEW festival_board AS
    SELECT e.entry_id, e.rating, f.title FROM festival_entry e JOIN film f USING (film_id);
CREATE VIEW festival_adult_board AS
    SELECT entry_id, title FROM festival_board WHERE rating = 'NC-17';
ALTER VIEW festival_board SET (security_barrier = true);
COMMENT ON VIEW festival_board IS 'Entries with their film, for the jury''s board';
GRANT SELECT ON festival_board, festival_adult_board TO PUBLIC;
CREATE MATERIALIZED VIEW festival_counts AS
    SELECT rating, count(*) AS entries FROM festival_entry GROUP BY rating;
CREATE UNIQUE INDEX festival_counts_rating ON festival_counts (rating);
COMMENT ON MATERIALIZED VIEW festival_counts IS 'Entries per rating';
GRANT SELECT ON festival_counts TO PUBLIC;
CREATE MATERIALIZED VIEW film_counts AS SELECT rating, count(*) AS films FROM film GROUP BY rating;

-- seed: triggers fire here (audit rows, tsvector, timestamps), then the clocks are set back to fixed values
INSERT INTO film (title, release_year, rating, family)
    SELECT 'Film ' || i, 1990 + i % 30, (enum_range(NULL::mpaa_rating))[1 + i % 5],
           CAST((enum_range(NULL::mpaa_rating))[1 + i % 4] AS family_rating)
    FROM generate_series(1, 400) i;
INSERT INTO festival_entry (entry_id, film_id, rating, jury_note)
    SELECT i, i, (enum_range(NULL::festival_rating))[1 + i % 5], CASE WHEN i % 7 = 0 THEN 'secret' END
    FROM generate_series(1, 30) i;
INSERT INTO payment (payment_id, paid_on, film_id, amount)
    SELECT i, DATE '2025-06-01' + i * 2, 1 + i % 400, i % 10 + 0.99 FROM generate_series(1, 200) i;
ALTER TABLE film DISABLE TRIGGER film_last_update;
UPDATE film SET last_update = TIMESTAMPTZ '2020-02-15 10:00:00+00' + film_id * INTERVAL '1 minute';
ALTER TABLE film ENABLE TRIGGER film_last_update;
ALTER TABLE festival_entry DISABLE TRIGGER festival_entry_updated;
UPDATE festival_entry SET updated_at = TIMESTAMPTZ '2021-03-01 09:00:00+00' + entry_id * INTERVAL '1 hour';
ALTER TABLE festival_entry ENABLE TRIGGER festival_entry_updated;
REFRESH MATERIALIZED VIEW festival_counts;
REFRESH MATERIALIZED VIEW film_counts;
ANALYZE;
