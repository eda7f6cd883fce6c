"""A notebook's markdown cells are prose and its ``%%bash`` cells shell, each read decoded from the JSON (issue 13).

A notebook's code cells are Python (tests/apply/test_notebook_cells.py). A ``%%bash`` cell was read as Python too:
``echo from pkg import mathops`` had its words rewritten as an import (``from pkg import WF1_..._mathops as
mathops``, the text the script prints changed), and a markdown cell was read as raw JSON, where an escape glued to
a path (``\\"pkg.mathops\\"``, ``\\tpkg.textops``) made it a ``longer-token`` follow-up. Now
planner/code_files.py's ``text_spans`` gives both: each JSON string decoded, a markdown cell's read as a
documentation file's line (``docs``, prose), a cell under another language's magic as a shell script's (``shell``),
and apply (codemods/config_line_refs.py) encodes the changed strings again in place.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

NOTEBOOK = """\
{{
 "cells": [
  {{
   "cell_type": "code", "execution_count": null, "metadata": {{}}, "outputs": [],
   "source": ["import pkg.{textops}\\n", "from pkg import {mathops_import}\\n"]
  }},
  {{
   "cell_type": "code", "execution_count": null, "metadata": {{}}, "outputs": [],
   "source": ["%%bash\\n", "echo from pkg import mathops\\n", "python -m pkg.{textops}\\n"]
  }},
  {{
   "cell_type": "markdown", "metadata": {{}},
   "source": ["Run \\"pkg.{mathops}\\" and\\n", "\\tpkg.{textops}.X, caf\\u00e9\\n", "pkg.{mathops}\\n"]
  }}
 ],
 "metadata": {{"kernelspec": {{"language": "python", "name": "python3"}}}},
 "nbformat": 4,
 "nbformat_minor": 5
}}
"""
SUITE = """\
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).parent.parent


def test_the_cells_run():
    cells = json.loads((ROOT / "demo.ipynb").read_text())["cells"]
    code = [c["source"] for c in cells if c["cell_type"] == "code"]
    exec("".join(code[0]), {})
    script = "".join(code[1][1:]).replace("python ", sys.executable + " ")
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    first, second = done.stdout.splitlines()
    assert first.split()[-1] == "mathops" and "as" not in first.split()  # the echo's words, as written
    assert second == "text"
"""


def _notebook(mathops: str, textops: str) -> str:
    imported = "mathops" if mathops == "mathops" else f"{mathops} as mathops"
    return NOTEBOOK.format(mathops=mathops, textops=textops, mathops_import=imported)


def test_markdown_and_bash_cells_are_read_decoded(cli: Invoke, tmp_path: Path) -> None:
    files = {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/mathops.py": "X = 1\n",
        "pkg/textops.py": 'X = 2\nif __name__ == "__main__":\n    print("text")\n',
        "demo.ipynb": _notebook("mathops", "textops"),
        "tests/__init__.py": "",
        "tests/test_notebook.py": SUITE,
    }
    repo = write_files(tmp_path / "repo", files)
    plan, original = planned(cli, repo, "1 passed")
    listed = sorted((x["line"], x["kind"], x["text"]) for _r, x in plan_references(plan) if x["path"] == "demo.ipynb")
    assert listed == [
        (5, "code-block", "from pkg import mathops"),
        (5, "code-block", "pkg.textops"),  # after it, a line end: a longer-token follow-up before
        (9, "shell", "pkg.textops"),  # on main: a code-block; the echo's words an import
        (13, "docs", "pkg.mathops"),  # on main: longer-token follow-ups
        (13, "docs", "pkg.mathops"),  # after a line end: a longer-token follow-up before
        (13, "docs", "pkg.textops.X"),
    ]

    applied(cli, repo, "1 passed")
    new = {r["old"]: r["new_module"].rpartition(".")[2] for b in plan["batches"] for r in b["renames"]}
    assert (repo / "demo.ipynb").read_text() == _notebook(new["pkg/mathops.py"], new["pkg/textops.py"])
    reverted(cli, repo, original)
