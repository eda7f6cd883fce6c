"""A table of submodule names read back only as ``sys.modules`` keys keeps working (issue 13, funcy 2.1).

funcy's ``__init__`` star-imports its submodules, then builds ``__all__`` from
``sys.modules['funcy.' + m].__all__ for m in modules``. After the rename ``'funcy.calc'`` was no key (the
package imported ``funcy.WF1_..._calc``; a shim would not be imported either): ``import funcy`` raised
``KeyError`` and all 219 of its tests failed. The plan lists each entry as a ``module-table`` reference and
apply writes the new name into the table; a table used for anything else is left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

from codemods.rewrite_string_refs import rewrite_string_refs

CONFIG = """\
exempt = ["**/__init__.py", "tests/**", "pkg/registry.py"]

[workflows]
"pkg/**" = 1
"""
INIT = """\
import sys

from .calc import *
from .colls import *

# Setup __all__
modules = ('calc',
           'colls')
__all__ = [name for m in modules for name in sys.modules['pkg.' + m].__all__]
"""
REGISTRY = """\
import sys

import pkg.calc
import pkg.colls

KINDS = ["calc", "colls"]  # also the names shown to users: not module names only
PARTS = {"calc", "colls"}


def loaded():
    return [sys.modules[f"pkg.{part}"] for part in PARTS]


def kinds():
    return [sys.modules["pkg." + kind] for kind in KINDS] + [kind.upper() for kind in KINDS]
"""
CHECK = "import pkg, pkg.registry as r; print(sorted(pkg.__all__), len(r.loaded()))"


def test_table_of_names_read_as_sys_modules_keys(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/calc.py": "__all__ = ['add']\n\n\ndef add(a, b):\n    return a + b\n",
            "pkg/colls.py": "__all__ = ['merge']\n\n\ndef merge(*dicts):\n    return {}\n",
            "pkg/registry.py": REGISTRY,
        }
    )
    committed(repo)
    original = snapshot(repo)

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", CHECK], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr

    assert run() == "['add', 'merge'] 2\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for r in plan_renames(plan)}
    tables = [
        (r["path"], r["line"], r["text"], r["action"]) for r in found["pkg/colls.py"] if r["kind"] == "module-table"
    ]
    assert tables == [("pkg/__init__.py", 8, "colls", "rewrite"), ("pkg/registry.py", 7, "colls", "rewrite")]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    init = (repo / "pkg" / "__init__.py").read_text()
    assert "modules = ('WF1_" in init and "_calc',\n           'WF1_" in init, init
    registry = (repo / "pkg" / "registry.py").read_text()
    assert 'KINDS = ["calc", "colls"]' in registry, registry  # read as more than module names: kept
    assert 'PARTS = {"WF1_' in registry, registry
    assert run() == "['add', 'merge'] 2\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_module_table_codemod_before_and_after() -> None:
    before = "import sys\n\nNAMES = ('calc', 'other')\nfound = [sys.modules['pkg.' + n] for n in NAMES]\n"
    result = rewrite_string_refs(before, {"pkg.calc": "pkg.WF1_calc"}, path="pkg/__init__.py", module="pkg")
    assert (
        result.code == "import sys\n\nNAMES = ('WF1_calc', 'other')\nfound = [sys.modules['pkg.' + n] for n in NAMES]\n"
    )
    assert [(e.line, e.kind, e.old, e.new) for e in result.edits] == [(3, "module-table", "calc", "WF1_calc")]
    # a key below another package, or a table also read elsewhere: unchanged
    for source in (
        before.replace("'pkg.' + n", "'other.' + n"),
        before + "print(NAMES)\n",
        before.replace("sys.modules['pkg.' + n]", "(sys.modules['pkg.' + n], n)"),
    ):
        assert (
            rewrite_string_refs(source, {"pkg.calc": "pkg.WF1_calc"}, path="pkg/__init__.py", module="pkg").code
            == source
        )
