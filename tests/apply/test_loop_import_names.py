"""A loop over a literal tuple of submodule names that imports each one follows the rename (review finding: issue
13, class 1).

``for name in ("a1", "a2"): import_module(f"{__name__}.{name}")`` in a package's ``__init__`` (also a list, and a
private module-level table only that loop reads, ``_MODS = ["b1", "b2"]`` then ``for name in _MODS``). On main the
loop's names were the import's candidates, and every loop of the function that reuses ``name`` added its own: each
import reached all five modules, each kept by a shim, which discovery of the package then found twice
(the fixture's ``len(list(pkgutil.iter_modules(pkg.__path__))) == 5`` failed after apply). The loop's name now binds each literal
for planner/computed_paths.py's folding, as for ``exec`` source, when the built string is its only use in the loop:
the path is exact, apply rewrites the tuple's literals, no shim; and a loop's candidates are its own literals
(planner/constant_names.py). A table something else reads too (``__all__ = list(_SHOWN)``) is left as written and
its modules are kept by shims.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = """\
import importlib

_MODS = ["b1", "b2"]


def load_all():
    out = []
    for name in ("a1", "a2"):
        out.append(importlib.import_module(f"{__name__}.{name}"))
    for name in _MODS:
        out.append(importlib.import_module("pkg." + name))
    for name in ["d1"]:
        module = importlib.import_module(f"pkg.{name}")
        out.append(module)
    return out
"""
SUITE = """\
import pkgutil

import pkg


def test_loads():
    assert len(pkg.load_all()) == 5


def test_module_count():
    assert len(list(pkgutil.iter_modules(pkg.__path__))) == 5
"""


def test_a_loop_over_literal_names(cli: Invoke, tmp_path: Path) -> None:
    files = {f"pkg/{name}.py": "X = 1\n" for name in ("a1", "a2", "b1", "b2", "d1")}
    files |= {"guardian.toml": CONFIG, "pkg/__init__.py": INIT, "tests/test_pkg.py": SUITE}
    repo = write_files(tmp_path / "repo", files)
    plan, original = planned(cli, repo, "2 passed")
    listed = {(rename["old_module"], ref["kind"], ref["line"]) for rename, ref in plan_references(plan)}
    assert listed == {
        ("pkg.a1", "computed-path", 8),
        ("pkg.a2", "computed-path", 8),
        ("pkg.b1", "computed-path", 3),
        ("pkg.b2", "computed-path", 3),
        ("pkg.d1", "computed-path", 12),
    }
    applied(cli, repo, "2 passed")
    init = (repo / "pkg/__init__.py").read_text()
    assert 'for name in ("WF1_' in init and '_MODS = ["WF1_' in init and 'for name in ["WF1_' in init
    names = {path.name for path in (repo / "pkg").glob("*.py")} - {"__init__.py"}
    assert len(names) == 5 and all(name.startswith("WF1_") for name in names)  # no shim
    reverted(cli, repo, original)


SHOWN = """\
import importlib

_SHOWN = ("c1", "c2")
NAMES = _SHOWN


def load_all():
    return [importlib.import_module(f".{name}", __name__) for name in _SHOWN] + [
        importlib.import_module(f"pkg.{name}") for name in ("c1",)
    ]
"""


def test_a_table_read_elsewhere_stays(cli: Invoke, tmp_path: Path) -> None:
    files = {"guardian.toml": CONFIG, "pkg/__init__.py": SHOWN, "pkg/c1.py": "X = 1\n", "pkg/c2.py": "X = 2\n"}
    suite = "import pkg\n\n\ndef test_loads():\n    assert [m.X for m in pkg.load_all()] == [1, 2, 1]\n"
    repo = write_files(tmp_path / "repo", files | {"tests/test_pkg.py": suite})
    plan, original = planned(cli, repo, "1 passed")
    assert {ref["kind"] for _, ref in plan_references(plan)} == {"computed-import"}
    applied(cli, repo, "1 passed")
    assert (repo / "pkg/__init__.py").read_text() == SHOWN
    assert "guardian-shim" in (repo / "pkg/c1.py").read_text()
    reverted(cli, repo, original)
