"""Imports in ``.pyi`` stubs follow a rename, relative ones too (breaker's c35). A package whose ``__init__``
reads its own ``__init__.pyi`` to know which submodule holds each attribute (``lazy_loader.attach_stub``, as
scikit-image does) and type checkers both read the stub's ``from .m1 import V as V``. Apply rewrote the absolute
imports of a stub and left the relative ones (``from .m1``, ``from . import m1``, ``from ..m1``): a stub is not in
the module index, so its package was unknown and a relative import could not be resolved; after apply the
package's attribute raised ``ModuleNotFoundError: No module named 'pkg.m1'``. A stub now resolves its imports
as the module beside it does (its ``.py``, else its directory's package): before and after are shown below.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = """\
import ast
import importlib
import os

_STUB = os.path.join(os.path.dirname(__file__), "__init__.pyi")
_WHERE = {}
for node in ast.parse(open(_STUB).read()).body:
    if isinstance(node, ast.ImportFrom):
        for alias in node.names:
            _WHERE[alias.asname or alias.name] = ("." * node.level) + (node.module or "")


def __getattr__(name):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(name)
"""
INIT_STUB = "from .m1 import V as V\nfrom . import m1 as m1\n"
SUB_STUB = "from ..m1 import V as W\nfrom pkg.m1 import V\nimport pkg.m1\n"
SUITE = """\
import pkg


def test_attribute_through_the_stub():
    assert pkg.V == 7
"""


def test_stub_imports_follow_the_rename(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/__init__.pyi": INIT_STUB,
            "pkg/m1.py": "V = 7\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/x.py": "W = 7\n",
            "pkg/sub/x.pyi": SUB_STUB,
            "tests/test_stub.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = next(repo.glob("pkg/WF*_m1.py")).stem
    assert (repo / "pkg/__init__.pyi").read_text() == f"from .{new} import V as V\nfrom . import {new} as m1\n"
    assert next(repo.glob("pkg/sub/WF*_x.pyi")).read_text() == SUB_STUB.replace("m1", new)
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
