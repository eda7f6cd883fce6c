"""A table of module paths relative to the package name its call is given keeps working (issue 13, apipkg).

apipkg's ``initpkg(__name__, {"Other": ".othermodule:Other"})`` resolves ``".othermodule"`` against the
package it is given, as ``importlib.import_module(".othermodule", __name__)`` does. No dotted path of the
checkout is spelled there, so the rename left the table naming a module that was gone, nothing was listed,
and every use of the export failed. The plan lists each such string as a ``relative-path`` reference and
apply rewrites it to the new module (``".WF1_..._othermodule:Other"``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**", "pkg/lazy.py"]

[workflows]
"pkg/**" = 1
"""
LAZY = """\
import importlib
import sys


def initpkg(name, table):
    module = sys.modules[name]
    for attr, spec in table.items():
        path, _, obj = spec.partition(":")
        target = importlib.import_module(path, name)
        setattr(module, attr, getattr(target, obj) if obj else target)
"""
INIT = """\
from .lazy import initpkg

initpkg(__name__, {"Other": ".othermodule:Other", "helpers": ".helpers"})
"""
CHECK = "import pkg; print(pkg.Other.__name__, pkg.helpers.f())"


def test_relative_paths_in_a_table_given_the_package_name(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/lazy.py": LAZY,
            "pkg/othermodule.py": "class Other:\n    pass\n",
            "pkg/helpers.py": "def f():\n    return 1\n",
        }
    )
    committed(repo)
    original = snapshot(repo)

    def run() -> str:
        return subprocess.run([sys.executable, "-c", CHECK], cwd=repo, capture_output=True, text=True).stdout

    assert run() == "Other 1\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {r["old"]: r["references"] for b in plan["batches"] for r in b["renames"]}
    assert [(r["path"], r["line"], r["kind"], r["text"], r["action"]) for r in found["pkg/othermodule.py"]] == [
        ("pkg/__init__.py", 3, "relative-path", ".othermodule:Other", "rewrite")
    ]
    assert [r["text"] for r in found["pkg/helpers.py"]] == [".helpers"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    init = (repo / "pkg" / "__init__.py").read_text()
    assert '"Other": ".WF1_' in init and '_othermodule:Other"' in init, init
    assert run() == "Other 1\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
