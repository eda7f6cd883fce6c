"""Attacks of the thirteenth reviewer (issue 11, "limits instead of crashes"): inputs of a checkout that
made a regular expression backtrack for minutes or a reader hang or crash. Each test runs the attack on an
input large enough that the old code took minutes (or never ended) and asserts on the result:

* a ``.sql`` file with ``SET search_path = a<20,000 spaces>x;`` (a cubic regex in the dbcheck reader);
* an ``.ini`` line ``[a<400,000 spaces>x`` and a code line ``from a import x<spaces>(`` (quadratic regexes
  of the config and code rewriting);
"""

from __future__ import annotations

from codemods.base import Renames, sub_code
from codemods.rewrite_config_refs import _section
from planner.dbcheck.sql_files import sql_in_file


def test_search_path_statement_with_a_long_run_of_spaces_is_read() -> None:
    text = "SET search_path = a" + " " * 20_000 + "x;\nSELECT id FROM t;\n"
    sites = sql_in_file(text, "db/q.sql", "postgres")
    assert sites[-1].search_path == ("a" + " " * 20_000 + "x",)
    assert sql_in_file("SET search_path TO app , public ;\nSELECT 1;\n", "q.sql", "postgres")[-1].search_path == (
        "app",
        "public",
    )


def test_config_line_opening_a_section_with_a_long_run_of_spaces_is_read() -> None:
    assert _section("[a" + " " * 400_000 + "x") is None
    assert _section("[a" + " " * 400_000 + "x]  # c") == "a" + " " * 400_000 + "x"
    assert _section("[[ tool.x ]]") == "tool.x"


def test_code_line_with_a_long_run_of_spaces_is_rewritten() -> None:
    renames = Renames.of({"pkg.b": "pkg.c"})
    code = "from pkg import b" + " " * 400_000 + "("
    assert sub_code(code, renames) == code
    assert sub_code("from pkg import b  # c", renames) == "from pkg import c as b  # c"
