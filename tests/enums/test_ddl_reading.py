"""DDL files read with SQLGlot: dialects, pg_dump quirks, and bad input naming file:line."""

from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.schema.ddl import read_ddl_files, read_ddl_text


def test_unparseable_statement_names_file_and_line(tmp_path):
    path = tmp_path / "schema.sql"
    path.write_text(
        "CREATE TYPE a AS ENUM ('x');\n\n-- a comment\nCREATE TABLE t (\n  id int,\n  v a\n;\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        read_ddl_files([path], "postgres", root=tmp_path)
    assert str(error.value).startswith("schema.sql:6: SQL does not parse as postgres")  # the failing line
    assert error.value.exit_code == 2 and error.value.line == 6


def test_garbage_keyword_and_unterminated_quote():
    with pytest.raises(InputError, match=r"x.sql:2: SQL does not parse"):
        read_ddl_text("CREATE TYPE a AS ENUM ('x');\nCREAT TABLE t (id int);", "postgres", "x.sql")
    with pytest.raises(InputError, match=r"y.sql:1: cannot tokenize|y.sql:1: SQL does not parse"):
        read_ddl_text("CREATE TYPE a AS ENUM ('x);", "postgres", "y.sql")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="schema file not found"):
        read_ddl_files([tmp_path / "nope.sql"], "postgres", root=tmp_path)


def test_pg_dump_quirks_restrict_security_definer_and_commands():
    text = "\n".join(
        [
            "\\restrict Kx81",
            "SET statement_timeout = 0;",
            "SELECT pg_catalog.set_config('search_path', '', false);",
            "CREATE TYPE public.orderstatus AS ENUM ('pending', 'canceled');",
            "ALTER TYPE public.orderstatus OWNER TO postgres;",
            "CREATE FUNCTION public.f(s public.orderstatus) RETURNS boolean LANGUAGE sql SECURITY DEFINER AS $$ SELECT true $$;",
            "CREATE TABLE public.o (id bigint NOT NULL, status public.orderstatus DEFAULT 'pending'::public.orderstatus NOT NULL,"
            " hist public.orderstatus[]);",
            "ALTER TABLE ONLY public.o ADD CONSTRAINT o_pkey PRIMARY KEY (id);",
            "ALTER TABLE public.o ADD CONSTRAINT o_chk CHECK ((status <> 'canceled'::public.orderstatus));",
            "CREATE INDEX o_idx ON public.o USING btree (id) WHERE (status = 'canceled'::public.orderstatus);",
            "\\unrestrict Kx81",
        ]
    )
    schema = read_ddl_text(text, "postgres", "dump.sql")
    assert schema.enum("orderstatus").labels == ("pending", "canceled")
    cols = schema.enum_columns("public.orderstatus")
    assert [(c.name, c.is_array, c.not_null) for c in cols] == [("status", False, True), ("hist", True, False)]
    assert schema.table("o").primary_key == ("id",)
    assert [c.name for c in schema.checks] == ["o_chk"]
    assert schema.indexes[0].predicate is not None
    assert any("SECURITY DEFINER" in o or "CREATE FUNCTION" in o for o in schema.opaque)  # survives, reported
    assert any("OWNER TO" in o for o in schema.opaque)


def test_sqlite_text_check_is_an_inline_enum():
    schema = read_ddl_text(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT NOT NULL CHECK (s IN ('a', 'b')));", "sqlite", "lite.sql"
    )
    assert [(e.name, e.labels, e.inline) for e in schema.enum_types] == [("t.s", ("a", "b"), True)]


def test_mysql_inline_enum_with_quotes():
    schema = read_ddl_text("CREATE TABLE t (v ENUM('it''s', 'x') NOT NULL DEFAULT 'x', KEY t_v (v));", "mysql")
    assert schema.enum("t.v").labels == ("it's", "x")
    assert schema.indexes[0].name == "t_v"


def test_unknown_dialect_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="unknown dialect 'oracle'"):
        read_ddl_files([tmp_path / "x.sql"], "oracle")
