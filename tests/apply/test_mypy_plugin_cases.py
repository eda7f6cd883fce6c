"""A pytest-mypy-plugins case's ``main: |`` block is Python source (issue 13, breaker k24).

``- case: name`` items whose ``main`` block scalar mypy checks: ``from pkg import mathops`` there names
``pkg.mathops`` with no dotted token and was neither listed nor rewritten (``import pkg.mathops`` was), so the case
failed after the rename. The block's lines are read as a code block's now (planner/code_files.py's ``case_lines``);
a block scalar under another key (``code``, ``source``, ``run``) says nothing of its language and stays as it was
read, and so does the case's expected output (``out``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

from planner.code_files import case_lines

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
CASES = """\
- case: double_returns_int
  main: |
    from pkg import mathops
    reveal_type(mathops.double(1))  # N: Revealed type is "builtins.int"
- main: |
    from pkg import (
        mathops as m,
    )
    reveal_type(m.double(1))
  case: first_key_main
  out: |
    main:4: note: from pkg import mathops
- case: other_keys
  source: |
    from pkg import mathops
  main: >-
    import pkg.mathops
"""
SUITE = """\
import pathlib
import re

TEXT = (pathlib.Path(__file__).parent / "typing" / "test_mathops.yml").read_text()


def test_case_sources_run():
    blocks = re.findall(r"main: [|>]-?\\n((?:    .*\\n)+)", TEXT)
    assert len(blocks) == 3
    for block in blocks:
        exec("\\n".join(line[4:] for line in block.splitlines()), {"reveal_type": lambda x: x})
"""
NEW = "WF1_V7_L1_1of1_mathops"


def test_mypy_plugin_cases_main_is_code(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
            "tests/typing/test_mathops.yml": CASES,
            "tests/test_cases.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "1 passed")
    listed = {r["line"] for _, r in plan_references(plan) if r["kind"] == "code-block"}
    assert listed == {3, 7, 17}

    applied(cli, repo, "1 passed")
    assert (repo / "tests/typing/test_mathops.yml").read_text() == CASES.replace(
        "  main: |\n    from pkg import mathops\n", f"  main: |\n    from pkg import {NEW} as mathops\n"
    ).replace("        mathops as m,", f"        {NEW} as m,").replace("import pkg.mathops", f"import pkg.{NEW}")
    reverted(cli, repo, original)


def test_only_a_case_files_main_blocks() -> None:
    assert case_lines("tests/typing/test_mathops.yml", CASES) == {2, 3, 5, 6, 7, 8, 16}
    ci = "jobs:\n  main: |\n    from pkg import mathops\n"  # no ``- case:`` item: no case file
    assert case_lines(".github/workflows/ci.yml", ci) == frozenset()
    assert case_lines("tests/cases.txt", CASES) == frozenset()
