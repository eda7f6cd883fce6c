"""Finding SQL in code without importing it: call shapes, spelled-out strings, opaque SQL, .sql files."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest
from dbcheck_cases import DDL, run_check

from planner.config import Config, DatabaseConfig
from planner.dbcheck import MemoryResultCache, check_code
from planner.dbcheck.sql_files import sql_in_file
from planner.dbcheck.sql_text import parse_site
from planner.schema.ddl import read_ddl_text
from planner.sqlfind.in_code import sql_in_source
from planner.sqlfind.pysource import Source
from planner.sqlfind.sites import first_word, normalize_placeholders


def _sites(source: str) -> list[tuple[int, str, str, bool]]:
    return [(s.line, s.origin, s.text, s.positional) for s in sql_in_source(textwrap.dedent(source).lstrip(), "m.py")]


def test_call_shapes_and_how_the_text_is_spelled_out() -> None:
    found = _sites("""
        import sqlalchemy as sa
        from alembic import op

        BY_ID = "SELECT name FROM customers WHERE id = %s"

        def f(cur, conn, session, Customer, ids, table):
            cur.execute(BY_ID, (1,))
            cur.executemany("INSERT INTO customers (id, name) " + "VALUES (%s, %s)", [])
            session.execute(sa.text("UPDATE orders SET note = :note WHERE id = :id"), {})
            op.execute("DELETE FROM legacy WHERE state IS NULL")
            Customer.objects.raw("SELECT * FROM customers")
            conn.exec_driver_sql(f"SELECT id FROM orders WHERE id IN ({ids})")
            cur.execute("SELECT id FROM %s" % table)
            cur.execute("SELECT id FROM {}".format(table))
            cur.execute("not sql at all")
            executor.execute(job)
        """)
    assert [(line, origin) for line, origin, _, _ in found] == [
        (7, "execute"),
        (8, "executemany"),
        (9, "text"),
        (10, "execute"),
        (11, "raw"),
        (12, "exec_driver_sql"),
        (13, "execute"),
        (14, "execute"),
    ]
    texts = [text for _, _, text, _ in found]
    assert texts[0] == "SELECT name FROM customers WHERE id = %s"  # the module constant
    assert texts[1] == "INSERT INTO customers (id, name) VALUES (%s, %s)"
    assert texts[5] == "SELECT id FROM orders WHERE id IN (?)"  # the f-string value is a hole
    assert texts[6] == texts[7] == "SELECT id FROM ?"


def test_placeholders_are_normalised_outside_quotes() -> None:
    assert (
        normalize_placeholders("SELECT '%s', x FROM t WHERE a = %s AND b = %(b)s AND c LIKE 'a%%'")
        == "SELECT '%s', x FROM t WHERE a = ? AND b = :b AND c LIKE 'a%%'"
    )
    # quoted identifiers too; a doubled quote closes and reopens; %% outside quotes is one %;
    # an unterminated quote runs to the end; a % of nothing above is kept
    assert normalize_placeholders("SELECT \"%s\", `%s`, 'it''s %s' FROM t WHERE a %% 2 = %s") == (
        "SELECT \"%s\", `%s`, 'it''s %s' FROM t WHERE a % 2 = ?"
    )
    assert normalize_placeholders("SELECT %d, %(x y)s, %(n_1)s FROM t WHERE a = 'x %s") == (
        "SELECT %d, %(x y)s, :n_1 FROM t WHERE a = 'x %s"
    )


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_interpolated_table_and_unparsable_sql_are_opaque_never_findings(write_tree, dialect: str) -> None:
    root = write_tree(
        {
            "app/db.py": """
        def f(cur, table):
            cur.execute(f"SELECT count(*) FROM {table}")
            cur.execute("SELECT id FROM orders WHERE (((")
            cur.execute("CREATE TABLE whatever (id int)")
        """
        }
    )
    result = run_check(root, dialect)
    assert result.findings == ()
    assert [(o["line"], o["reason"].split(":")[0]) for o in result.opaque] == [
        (2, "a table name is interpolated at run time"),
        (3, "SQLGlot cannot parse it"),
    ]
    assert result.opaque[0]["excerpt"] == 'f"SELECT count(*) FROM {table}"'  # the code as written


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_sql_that_makes_sqlglot_itself_fail_is_opaque_not_a_crash(write_tree, dialect: str) -> None:
    # pgspecial 2.2.1's shape: a whole WHERE clause put in by %; the placeholder becomes "?", which
    # PostgreSQL's SQLGlot reads as the jsonb "?" operator with no right side and fails with a TypeError.
    root = write_tree(
        {
            "app/db.py": """
        def f(cur, where):
            sql = "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace %s ORDER BY 1" % where
            cur.execute(sql)
            cur.execute("SELECT id FROM orders WHERE id = %s", (1,))
        """
        }
    )
    result = run_check(root, dialect)
    assert [(o["line"], o["reason"].split(":")[0]) for o in result.opaque] == [(3, "built from interpolated pieces")]
    assert result.findings == ()


def test_positional_reads_belong_to_the_execute_they_follow() -> None:
    found = _sites("""
        def f(cur):
            cur.execute("SELECT * FROM customers")
            rows = cur.fetchall()
            cur.execute("SELECT * FROM orders")
            for a, b, c, d, e in rows:
                pass
            cur.execute("SELECT * FROM legacy")
            return cur.fetchall()
        """)
    assert [(line, positional) for line, _, _, positional in found] == [(2, True), (4, False), (7, False)]


def test_calls_off_the_matched_lines_are_found_as_in_a_whole_walk() -> None:
    """Only the nodes on a line naming a SQL call are walked for calls: a decorator's call, a call
    whose ``(`` follows a line continuation, a default argument's call, a name bound on another
    line, a lambda's call and a name spelled with non-ASCII letters (Python reads it NFKC-normalised)
    are found all the same."""
    found = _sites("""
        @register(text("SELECT 1 FROM a"))
        def f(cur, other=conn.execute("SELECT 2 FROM b")):
            query = (
                "SELECT 3 FROM c"
            )
            cur.execute(query)
            cur.execute \\
                ("SELECT 4 FROM d")
            g = lambda: cur.execute("SELECT 5 FROM e")
            return g


        def h(cur):
            cur.execute("SELECT 6 FROM f")
            cur.\uff45xecute("SELECT 7 FROM g")
        """)
    assert [(line, text) for line, _, text, _ in found] == [
        (1, "SELECT 1 FROM a"),
        (2, "SELECT 2 FROM b"),
        (6, "SELECT 3 FROM c"),
        (8, "SELECT 4 FROM d"),
        (9, "SELECT 5 FROM e"),
        (14, "SELECT 6 FROM f"),
        (15, "SELECT 7 FROM g"),
    ]


def test_sql_files_named_query_blocks_and_dialect_variants(write_tree) -> None:
    root = write_tree(
        {
            "db/queries.sql": """
            -- by_customer --
            -- orders of one customer
            SELECT id, total FROM orders WHERE customer_id = %(customer)s

            -- bad_column --
            SELECT id, totl FROM orders
            """,
            "db/report.mysql.sql": "SELECT nothing FROM nowhere;\n",
            "db/gen/up.sql": "-- dialect: postgres\n-- generated by `guardian enums sql`; re-runnable\nUPDATE t SET x = 1;\n",
        }
    )
    result = run_check(root, "postgres")
    assert [(f.kind, f.path, f.line, f.subject) for f in result.findings] == [
        ("unknown-column", "db/queries.sql", 6, "orders.totl")
    ]
    assert result.sql_sites == 2  # the .mysql.sql variant and the generated file are not read


def test_a_dml_statement_in_a_sql_file_keeps_its_line() -> None:
    sites = sql_in_file(
        "-- header\n\nINSERT INTO t (a) VALUES (1);\n\n-- note\nUPDATE t SET a = 2;\n", "x.sql", "postgres"
    )
    assert [(s.line, first_word(s.text)) for s in sites] == [(3, "INSERT"), (6, "UPDATE")]
    assert parse_site(sites[0], "postgres").statements


def test_cached_results_are_the_same_findings_and_a_changed_schema_misses(write_tree) -> None:
    root = write_tree(
        {
            "app/db.py": """
        def f(cur, table):
            cur.execute("SELECT id, nam FROM customers")
            cur.execute("UPDATE orders SET status = 'gone' WHERE id = 1")
            cur.execute(f"SELECT 1 FROM {table}")
        """
        }
    )
    cache = MemoryResultCache()
    config = Config(root=root, database=DatabaseConfig(dialect="postgres"))
    schema = read_ddl_text(DDL["postgres"], "postgres")
    first = check_code(config, schema, cache=cache)
    # one entry for the file's SQL sites, one per statement
    assert cache.hits == 0 and len(cache.entries) == 4 and len(first.findings) == 2 and len(first.opaque) == 1
    second = check_code(config, schema, cache=cache)
    assert cache.hits == 4 and second == first
    changed = read_ddl_text(DDL["postgres"].replace("name text NOT NULL", "nam text NOT NULL"), "postgres")
    third = check_code(config, changed, cache=cache)
    assert cache.hits == 5 and [f.kind for f in third.findings] == ["unknown-label"]  # only the file's sites hit


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_source_segments_and_lines_are_the_ones_ast_gives(newline: str) -> None:
    source = newline.join(
        [
            "x = 'é' + f'{a}'",
            "def f(cur):\f",
            "    cur.execute(",
            "        f'SELECT ü FROM t WHERE k = {k}'",
            "        'AND j = 1')",
            "",
        ]
    )
    module = Source(source)
    nodes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.expr)]
    assert nodes and all(module.segment(n) == ast.get_source_segment(source, n) for n in nodes)
    assert module.lines_matching(re.compile(r"execute")) == [3]


def test_a_table_an_earlier_statement_of_the_script_creates_is_known_and_a_missing_one_is_not(write_tree) -> None:
    script = """
        CREATE TEMPORARY TABLE tmp_paid (id integer, total numeric);
        INSERT INTO tmp_paid (id, total) SELECT id, total FROM orders WHERE status = 'paid';
        SELECT p.id, p.total FROM tmp_paid p JOIN tmp_unpaid u ON u.id = p.id;
        """
    root = write_tree({"db/report.sql": textwrap.dedent(script).lstrip()})
    found = run_check(root, "postgres").findings
    assert [(f.kind, f.line, f.subject) for f in found] == [("unknown-table", 3, "tmp_unpaid")]


SPLIT_SCHEMAS = """
CREATE SCHEMA cover;
CREATE SCHEMA event;
CREATE TABLE cover.art_type (id integer PRIMARY KEY, name text);
CREATE TABLE event.art_type (id integer PRIMARY KEY, name text);
CREATE TABLE cover.image (id integer PRIMARY KEY);
"""


def test_a_name_in_several_schemas_but_not_the_default_one_is_not_an_unknown_table(write_tree) -> None:
    models = """
        from sqlalchemy import Column, Integer, Text
        from app import Base, schemas

        class ArtType(Base):
            __tablename__ = "art_type"
            __table_args__ = {"schema": schemas.get("cover", "cover")}
            id = Column(Integer, primary_key=True)
            name = Column(Text)

        class Image(Base):
            __tablename__ = "image"
            __table_args__ = {"schema": schemas.get("cover", "cover")}
            id = Column(Integer, primary_key=True)
            size = Column(Integer)

        class Mood(Base):
            __tablename__ = "mood"
            id = Column(Integer, primary_key=True)
        """
    code = 'def run(cur):\n    cur.execute("SELECT id FROM art_type")\n    cur.execute("SELECT id FROM mood")\n'
    root = write_tree({"app/models.py": textwrap.dedent(models).lstrip(), "app/db.py": code})
    found = run_check(root, "postgres", schema_text=SPLIT_SCHEMAS).findings
    # art_type: which schema is meant depends on the search path: not checked; image: the one table of
    # that name, in schema cover; mood: in no schema
    assert [(f.kind, f.path, f.subject) for f in found] == [
        ("unknown-table", "app/db.py", "mood"),
        ("model-column-missing", "app/models.py", "cover.image.size"),
        ("unknown-table", "app/models.py", "mood"),
    ]


def test_a_scripts_search_path_places_its_unqualified_names(write_tree) -> None:
    schema = SPLIT_SCHEMAS + "CREATE TABLE image (id integer PRIMARY KEY, public_only text);\n"
    script = """
        SELECT id, public_only FROM image;
        SET search_path = 'cover', public;
        SELECT id, name FROM art_type;
        SELECT id, public_only FROM image;
        SELECT id FROM orders;
        """
    root = write_tree({"db/report.sql": textwrap.dedent(script).lstrip()})
    found = run_check(root, "postgres", schema_text=schema).findings
    # before the SET, image is public.image; after it, cover.image (which lacks public_only) and
    # art_type is cover's; orders is in no schema of the path nor anywhere
    assert [(f.kind, f.line, f.subject) for f in found] == [
        ("unknown-column", 4, "cover.image.public_only"),
        ("unknown-table", 5, "orders"),
    ]
