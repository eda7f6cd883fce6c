"""A row's attribute name that apply rewrites is rewritten where the same code compares it too (issue 13).

``for p, a in MODS: m = getattr(import_module(p), a)`` gives each row's ``"mod"`` the submodule's new name
(tests/apply/test_row_attributes.py). The same loop comparing ``a`` with the old name (``if a == "mod":``,
``a in ("mod", "x")``, a ``match a:`` case) kept the old spelling: after apply the comparison never held, the branch
was skipped and the test lost. A string compared with the field, in the scope that binds it from the rows, is the
same name: listed as a ``getattr`` reference with the row's and rewritten the same way (planner/record_paths.py).
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

LOADER = """\
from importlib import import_module

MODS = [("pkg.sub", "{mod}"), ("pkg.sub", "{other}")]


def values():
    out = {{}}
    for p, a in MODS:
        m = getattr(import_module(p), a)
        if a == "{mod}":
            out["first"] = m.VALUE
        elif a in ("{other}", "missing"):
            out["second"] = m.VALUE
        match a:
            case "{mod}":
                out["matched"] = m.VALUE
        if a != "{mod}" and "{other}" != a:
            raise AssertionError(a)
        label = "mod"  # a word of its own
    return out
"""
TESTS = """\
import pkg.sub.mod
import pkg.sub.other
from pkg import loader


def test_each_row_by_its_name():
    assert loader.values() == {"first": 1, "second": 2, "matched": 1}
"""


def test_a_compared_row_name_follows_the_row(cli: Invoke, tmp_path: Path) -> None:
    files = {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/loader.py": LOADER.format(mod="mod", other="other"),
        "pkg/sub/__init__.py": "",
        "pkg/sub/mod.py": "VALUE = 1\n",
        "pkg/sub/other.py": "VALUE = 2\n",
        "tests/__init__.py": "",
        "tests/test_rows.py": TESTS,
    }
    repo = write_files(tmp_path / "repo", files)
    plan, original = planned(cli, repo, "1 passed")
    found = sorted(
        (rename["old"], r["line"], r["text"]) for rename, r in plan_references(plan) if r["kind"] == "getattr"
    )
    assert found == [
        ("pkg/sub/mod.py", 3, "mod"),
        ("pkg/sub/mod.py", 10, "mod"),  # the comparisons: not listed on main
        ("pkg/sub/mod.py", 15, "mod"),
        ("pkg/sub/mod.py", 17, "mod"),
        ("pkg/sub/other.py", 3, "other"),
        ("pkg/sub/other.py", 12, "other"),
        ("pkg/sub/other.py", 17, "other"),
    ]

    applied(cli, repo, "1 passed")
    new = {r["old"]: r["new_module"].rpartition(".")[2] for b in plan["batches"] for r in b["renames"]}
    after = LOADER.format(mod=new["pkg/sub/mod.py"], other=new["pkg/sub/other.py"])
    loader = next(r["new_module"] for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/loader.py")
    assert (repo / (loader.replace(".", "/") + ".py")).read_text() == after
    reverted(cli, repo, original)
