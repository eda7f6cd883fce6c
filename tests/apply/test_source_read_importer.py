"""A submodule a lazy importer serves by the name its package's source spells keeps its name (issue 13, anyio).

anyio's ``__init__`` ends in ``if TYPE_CHECKING or not install_lazy_importer():`` and imports that never
run: the importer reads them from the ``__init__``'s source and serves ``from . import to_thread as
to_thread`` under the imported name. Renamed, the statement read ``from . import WF5_..._to_thread as
to_thread``, and ``anyio.to_thread`` raised ``AttributeError`` (its ``test_submodule_access_without_direct_import``).
Such a submodule keeps its name now, listed under the plan's ``kept`` (planner/source_read.py); the block's
``from .mod import name`` statements name modules the rename rewrites, which are renamed as before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

INIT = """\
from typing import TYPE_CHECKING

from ._lazy import install_lazy_importer

if TYPE_CHECKING or not install_lazy_importer():
    from ._core import run as run
    from . import (
        threads as threads,
    )
"""
# the shape of anyio's _lazyimport.py: the block's imports read from the caller's source, served by name
LAZY = """\
import ast
import inspect
import sys
from importlib import import_module


def install_lazy_importer():
    module_globals = sys._getframe(1).f_globals
    module_name = module_globals["__name__"]
    try:
        tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    except (OSError, TypeError):
        return False
    table, submodules = {}, []
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.BoolOp):
            for stmt in node.body:
                if stmt.module is None:
                    submodules.extend(alias.name for alias in stmt.names)
                else:
                    for alias in stmt.names:
                        table[alias.asname or alias.name] = ("." * stmt.level + stmt.module, alias.name)

    def __getattr__(name):
        if name in submodules:
            return import_module("." + name, module_name)
        if name in table:
            return getattr(import_module(table[name][0], module_name), table[name][1])
        raise AttributeError(name)

    module_globals["__getattr__"] = __getattr__
    return True
"""
USE = "import pkg\n\nprint(pkg.run(), pkg.threads.spawn())\n"


def test_a_submodule_the_lazy_importer_serves_by_its_source_name_keeps_it(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "guardian.toml").write_text('exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n')
    (repo / "pkg/__init__.py").write_text(INIT)
    (repo / "pkg/_lazy.py").write_text(LAZY)
    (repo / "pkg/_core.py").write_text("def run():\n    return 'ran'\n")
    (repo / "pkg/threads.py").write_text("def spawn():\n    return 'spawned'\n")
    (repo / "use.py").write_text(USE)
    committed(repo)
    original = snapshot(repo)

    def use() -> str:
        done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr.strip().rpartition("\n")[2]

    assert use() == "ran spawned\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(r["old"] for r in plan_renames(plan)) == ["pkg/_core.py", "pkg/_lazy.py"]
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/threads.py": "found by name by the lazy importer of pkg/__init__.py (it may read `from . import "
        "threads` of its `if TYPE_CHECKING or ...:` block, line 7, from the source and serve that name)"
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/threads.py").exists()
    assert "from ._WF1_V7_L1_1of2_core import run as run\n" in (repo / "pkg/__init__.py").read_text()
    assert use() == "ran spawned\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_only_a_type_checking_or_call_block_of_a_packages_init_is_read_as_source() -> None:
    from planner.read_facts import extract

    def read(source: str, path: str = "pkg/__init__.py") -> list[str]:
        return sorted(k for k in extract(source, path).bound_names if k.startswith("source-read:"))

    assert read(INIT) == ["source-read:threads"]
    assert read("if typing.TYPE_CHECKING or not lazy.attach(__name__):\n    from . import a, b as c\n") == [
        "source-read:a",
        "source-read:b",
    ]
    assert read("if TYPE_CHECKING:\n    from . import a\n") == []  # a type checker's only
    assert read("if TYPE_CHECKING or SPHINX:\n    from . import a\n") == []  # no call reads anything
    assert read("if TYPE_CHECKING or not f():\n    from .a import x\n    from .. import b\n") == []
    assert read(INIT, "pkg/mod.py") == []  # a package's __init__ only
