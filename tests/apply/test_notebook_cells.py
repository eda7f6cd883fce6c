"""Python source in a notebook's code cells and in templates of Python files (issue 13, breaker k02).

A notebook (nbval and nbmake run its code cells) was read as data: ``"from pkg import mathops\\n"`` was neither
listed nor rewritten, ``"import pkg.textops\\n"`` and ``importlib.import_module(\\"pkg.mathops\\")`` were
``longer-token`` follow-ups (the JSON escapes taken as part of the token). A code-generation template
(``gen.py.j2``, ``gen.py.tmpl``, Django's ``models.py-tpl``) had its ``from pkg import mathops, textops`` left. Both
are Python source now (planner/code_files.py): planned as ``code-block`` references and rewritten as code, each
changed JSON string of a notebook written again in place (every other byte kept), a template's tags left.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.code_files import code_spans

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
NOTEBOOK = """\
{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "Uses `pkg.mathops`: `from pkg import mathops`\\n"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "import importlib\\n",
    "from pkg import mathops  # caf\u00e9\\n",
    "from pkg.textops import shout\\n",
    "import pkg.textops\\n",
    "m = importlib.import_module(\\"pkg.mathops\\")\\n",
    "assert m.double(2) == mathops.double(2) == 4\\n",
    "assert shout('\\u00e9') == pkg.textops.shout('\u00e9') == '\\u00c9!'"
   ]
  },
  {
   "cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": "from pkg import (\\n    textops,\\n)\\nassert textops.shout('x') == 'X!'"
  }
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"""
J2 = """\
from pkg import mathops, textops
{% if loud %}
from pkg.textops import shout
{% endif %}
RESULT = (mathops.double({{ value }}), textops.shout("hi"))
"""
TMPL = 'from pkg import mathops\nfrom pkg import textops as t\n\nRESULT = (mathops.double($value), t.shout("hi"))\n'
TPL = (
    "from pkg import (\n    mathops,\n    textops,\n)\n\nRESULT = (mathops.double({{ value }}), textops.shout('hi'))\n"
)
SUITE = """\
import json
import pathlib

ROOT = pathlib.Path(__file__).parent.parent


def test_notebook_cells_run():
    cells = json.loads((ROOT / "docs" / "demo.ipynb").read_text(encoding="utf-8"))["cells"]
    ns = {}
    for source in (c["source"] for c in cells if c["cell_type"] == "code"):
        exec(source if isinstance(source, str) else "".join(source), ns)


def test_templates_render_runnable_code():
    for name in ("gen.py.j2", "gen.py.tmpl", "models.py-tpl"):
        text = (ROOT / "pkg" / "templates" / name).read_text()
        code = "\\n".join(line for line in text.splitlines() if not line.startswith("{%"))
        ns = {}
        exec(code.replace("{{ value }}", "4").replace("$value", "4"), ns)
        assert ns["RESULT"] == (8, "HI!")
"""
MATHOPS, TEXTOPS = "WF1_V7_L1_1of2_mathops", "WF1_V7_L1_2of2_textops"


def test_notebook_cells_and_python_templates_are_code(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
            "pkg/textops.py": "def shout(s):\n    return s.upper() + '!'\n",
            "pkg/templates/gen.py.j2": J2,
            "pkg/templates/gen.py.tmpl": TMPL,
            "pkg/templates/models.py-tpl": TPL,
            "docs/demo.ipynb": NOTEBOOK,
            "tests/test_files.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "2 passed")
    listed = {(r["path"], r["line"], r["kind"]) for _, r in plan_references(plan) if r["kind"] == "code-block"}
    notebook = {("docs/demo.ipynb", n, "code-block") for n in (17, 18, 19, 20, 22, 27)}
    gen = {("pkg/templates/gen.py.j2", 1, "code-block"), ("pkg/templates/gen.py.j2", 3, "code-block")}
    tmpl = {("pkg/templates/gen.py.tmpl", n, "code-block") for n in (1, 2)}
    tpl = {("pkg/templates/models.py-tpl", n, "code-block") for n in (2, 3)}
    assert listed == notebook | gen | tmpl | tpl
    assert not [r for _, r in plan_references(plan) if r["kind"] == "longer-token"]  # ``\\n``, ``\\"`` are no part

    applied(cli, repo, "2 passed")
    assert (repo / "docs/demo.ipynb").read_text() == NOTEBOOK.replace(
        '"from pkg import mathops  # caf\u00e9\\n"', f'"from pkg import {MATHOPS} as mathops  # caf\u00e9\\n"'
    ).replace('"from pkg.textops import', f'"from pkg.{TEXTOPS} import').replace(
        '"import pkg.textops\\n"', f'"import pkg.{TEXTOPS}\\n"'
    ).replace('\\"pkg.mathops\\"', f'\\"pkg.{MATHOPS}\\"').replace(
        "pkg.textops.shout(", f"pkg.{TEXTOPS}.shout("
    ).replace("\\n    textops,\\n", f"\\n    {TEXTOPS} as textops,\\n").replace(
        "Uses `pkg.mathops`",
        f"Uses `pkg.{MATHOPS}`",  # a markdown cell: prose, its import left
    )
    assert (repo / "pkg/templates/gen.py.j2").read_text() == J2.replace(
        "from pkg import mathops, textops", f"from pkg import {MATHOPS} as mathops, {TEXTOPS} as textops"
    ).replace("from pkg.textops", f"from pkg.{TEXTOPS}")
    reverted(cli, repo, original)


def test_which_notebook_strings_are_code() -> None:
    """A code cell's source strings, by line, in a notebook of a Python kernel; markdown cells, outputs and a
    notebook of another language are not; a rewrite changes the changed string only."""
    spans = code_spans("docs/demo.ipynb", NOTEBOOK)
    assert sorted(spans) == [*range(15, 22), 26]
    line = NOTEBOOK.splitlines()[26]
    assert [line[s.start : s.end] for s in spans[26]] == [line.partition(": ")[2]]
    other = NOTEBOOK.replace('"language": "python"', '"language": "R"')
    assert code_spans("docs/demo.ipynb", other) == {}
    assert code_spans("docs/broken.ipynb", NOTEBOOK[:-10]) == {}
    deep = '{"cells": ["code", ' + "[" * 100_000 + "]" * 100_000 + "]}"  # a hostile tree's notebook: not read
    assert code_spans("docs/deep.ipynb", deep) == {}
    new = rewrite_config_refs(other, {"pkg.mathops": "pkg.WF1_mathops"}, path="docs/demo.ipynb", path_renames={})
    assert "from pkg import mathops  #" in new.code  # another kernel's code is not read as Python
