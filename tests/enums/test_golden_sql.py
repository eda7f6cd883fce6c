"""Generated SQL equals the reviewed golden files, and every statement survives SQLGlot's fixpoint."""

from __future__ import annotations

import re

import pytest
import sqlglot
from golden_cases import GOLDEN, cases, golden_files
from sqlglot import exp

from codemods.enum_sql.runner import split_script

CASES = cases()
#: Statement kinds SQLGlot keeps opaque or cannot re-render identically (PL/pgSQL, MariaDB compound bodies).
OPAQUE = re.compile(
    r"^(DO |BEGIN NOT ATOMIC|(UN)?LOCK TABLES|CREATE (OR REPLACE )?FUNCTION|CREATE TRIGGER|BEGIN$|COMMIT$|"
    r"ALTER TABLE \S+ (VALIDATE|RENAME) CONSTRAINT)"
)


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_sql_matches_golden(case):
    expected = golden_files(case, CASES[case])
    on_disk = sorted(p.name for p in (GOLDEN / case).glob("*.sql"))
    assert on_disk == sorted(p.name for p in expected), "run `python -m tests.enums.regenerate` and review the diff"
    for path, text in expected.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} differs: regenerate and review"


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_statement_round_trips_through_sqlglot(case):
    for step in CASES[case]:
        for text in (step.up, step.down):
            client = "" if step.dialect == "postgres" else "\\C utf8mb4\n"  # the mariadb client's charset first
            assert text.startswith(f"{client}-- dialect: {step.dialect}\n")
            checked = 0
            for statement in split_script(text, step.dialect):
                code = "\n".join(ln for ln in statement.text.splitlines() if not ln.strip().startswith("--")).strip()
                if OPAQUE.match(code):
                    continue
                read = "postgres" if step.dialect == "postgres" else "mysql"
                node = sqlglot.parse_one(code, read=read)
                assert not isinstance(node, exp.Command), code
                rendered = node.sql(read, normalize_functions=False)
                assert sqlglot.parse_one(rendered, read=read).sql(read, normalize_functions=False) == rendered
                checked += 1
            assert checked > 0


def test_expand_never_puts_a_default_on_the_parallel_column():
    # a DEFAULT there would let the sync trigger overwrite an old writer's value
    for steps in CASES.values():
        expand = steps[0].up
        for line in expand.splitlines():
            if "ADD COLUMN" in line and "_new" in line:
                assert "DEFAULT" not in line, line


def test_trigger_and_function_bodies_are_schema_qualified():
    up = CASES["sample_postgres"][0].up
    calls = re.findall(r"([\w.]*_em_\w+)\(", up)
    assert calls and all(c.startswith("public.") for c in calls), calls


def test_canonical_type_created_only_when_new():
    assert "CREATE TYPE" not in CASES["sample_postgres"][0].up
    new_up = CASES["new_type_postgres"][0].up
    assert "CREATE TYPE public.ticket_state AS ENUM ('new', 'open', 'closed')" in new_up
    assert "EXCEPTION WHEN duplicate_object" in new_up
    assert "DROP TYPE IF EXISTS public.ticket_state" in CASES["new_type_postgres"][0].down
