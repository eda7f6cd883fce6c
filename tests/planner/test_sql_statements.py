"""The one SQL statement splitter (DDL reading, SQL in ``.sql`` files, running migration files)."""

from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.schema.sql_statements import split_statements


def split(text: str, dialect: str = "postgres") -> list[tuple[str, int]]:
    return [(s.text, s.line) for s in split_statements(text, dialect, "f.sql")]


def test_quotes_dollar_bodies_and_comments_never_split() -> None:
    text = (
        "-- header; with a semicolon\n"
        "SELECT 'a;b', \"c;d\";\n"
        "\n"
        "DO $em$\nBEGIN\n  PERFORM 1;\nEND $em$;\n"
        "/* block; comment */ SELECT 2"
    )
    assert split(text) == [
        ("-- header; with a semicolon\nSELECT 'a;b', \"c;d\"", 2),
        ("DO $em$\nBEGIN\n  PERFORM 1;\nEND $em$", 4),
        ("/* block; comment */ SELECT 2", 8),
    ]


def test_psql_meta_commands_between_statements_are_dropped() -> None:
    text = "\\restrict abc123\nCREATE TABLE t (a int);\n\\unrestrict abc123\n"
    assert split(text) == [("CREATE TABLE t (a int)", 2)]


def test_only_comments_make_no_statement() -> None:
    assert split("-- nothing here;\n;\n  ;") == []


def test_mariadb_delimiter_lines_set_the_terminator() -> None:
    text = (
        "SET @a = 1;\n"
        "DELIMITER //\n"
        "CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END//\n"
        "DELIMITER $$\n"
        "CREATE PROCEDURE p() BEGIN SELECT 1; END$$\n"
        "DELIMITER ;\n"
        "SELECT '//', '$$';\n"
    )
    assert split(text, "mysql") == [
        ("SET @a = 1", 1),
        ("CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END", 3),
        ("CREATE PROCEDURE p() BEGIN SELECT 1; END", 5),
        ("SELECT '//', '$$'", 7),
    ]


def test_a_delimiter_line_inside_a_string_is_data() -> None:
    """A label holding ``\\nDELIMITER ;\\nDROP TABLE victim;`` must not end the statement (issue 11)."""
    label = "nl\nDELIMITER ;\nDROP TABLE victim;\nDELIMITER //\n"
    text = f"DELIMITER //\nINSERT INTO t VALUES ('{label}')//\nDELIMITER ;\n"
    assert split(text, "mysql") == [(f"INSERT INTO t VALUES ('{label}')", 2)]


def test_postgres_has_no_delimiter_directive() -> None:
    assert split("DELIMITER //\nSELECT 1;") == [("DELIMITER //\nSELECT 1", 1)]


def test_an_unterminated_quote_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError) as error:
        split_statements("SELECT 1;\nSELECT 'open;\n", "postgres", "db/x.sql")
    assert error.value.exit_code == 2
    assert str(error.value).startswith("db/x.sql:")
