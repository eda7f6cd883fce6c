"""An import call's result read, not handed on (issue 13, breaker f04, d05).

``getattr(importlib.import_module("pkg.sub"), "mod")`` and ``importlib.import_module("pkg.sub").__dict__["mod"]`` read
the submodule ``mod`` by a literal name, exactly as ``getattr(pkg.sub, "mod")`` does: on main the first was a
``handed-import`` follow-up, the second nothing, and apply left both strings. ``get_type_hints(f, globalns={"pkg":
__import__("pkg")})`` hands the package to annotations Guardian rewrites as dotted paths: on main a ``handed-import``
follow-up for every module below ``pkg``. Now the plan lists the two strings as ``getattr`` rewrites, apply rewrites
them, and no follow-up is listed for the namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**", "pkg/api.py"]\n\n[workflows]\n"pkg/**" = 1\n'
API = """\
import importlib


def by_getattr():
    return getattr(importlib.import_module("pkg.sub"), "mod").V


def by_dict():
    return importlib.import_module("pkg.sub").__dict__["mod"].V


def make(x: "pkg.models.Thing") -> None:
    return None
"""
SUITE = """\
import typing

import pkg.models
import pkg.sub.mod
from pkg import api


def test_reads():
    assert api.by_getattr() == api.by_dict() == 1


def test_hints():
    hints = typing.get_type_hints(api.make, globalns={"pkg": __import__("pkg")})
    assert hints["x"] is pkg.models.Thing
    assert eval("pkg.models.Thing", {"pkg": __import__("pkg")}) is pkg.models.Thing
"""


def test_an_import_result_read_by_a_literal_name(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/api.py": API,
            "pkg/models.py": "class Thing:\n    pass\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "V = 1\n",
            "tests/test_api.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "2 passed")
    listed = {
        (r["old_module"], ref["path"], ref["line"], ref["kind"], ref["action"]) for r, ref in plan_references(plan)
    }
    assert not [item for item in listed if item[3] == "handed-import"]
    assert {
        ("pkg.sub.mod", "pkg/api.py", 5, "getattr", "rewrite"),
        ("pkg.sub.mod", "pkg/api.py", 9, "getattr", "rewrite"),
    } <= listed
    applied(cli, repo, "2 passed")
    assert '"WF1_' in (repo / "pkg/api.py").read_text()
    reverted(cli, repo, original)
