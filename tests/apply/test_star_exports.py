"""An ``__all__`` entry naming a submodule its ``__init__`` never binds (breaker's finding 7): ``__all__ =
["starmod"]`` makes ``from pkg import *`` import ``pkg.starmod`` and bind ``starmod`` in the importer, which uses the
bare name. Apply rewrote the entry to the new name (an ``__all__`` rewrite) and nothing rewrote the importer's
``starmod``: ``NameError``. The entry keeps its old name and the old path a shim (``star-export``, ``keep-old-path``:
planner/star_exports.py, asked by plan and apply), so the star import binds what it bound before, the renamed module.
An entry its ``__init__`` binds (``from . import bound``) is still an ``__all__`` rewrite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, plan_references, plan_renames, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = '__all__ = ["starmod", "helper"]\n\n\ndef helper():\n    return "help"\n'
USER = "from pkg import *\n\n\ndef use():\n    return starmod.hello() + helper()\n"
SUITE = """\
def test_star_user():
    import pkg.user
    assert pkg.user.use() == "starhelp"


def test_star_namespace():
    ns = {}
    exec("from pkg import *", ns)
    assert ns["starmod"].hello() == "star"
"""


def test_a_submodule_only_a_star_import_loads_keeps_its_name_there(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/starmod.py": 'def hello():\n    return "star"\n',
            "pkg/user.py": USER,
            "tests/test_star.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    (starmod,) = (r for r in plan_renames(plan) if r["old_module"] == "pkg.starmod")
    assert [(ref["path"], ref["line"], ref["kind"], ref["action"]) for ref in starmod["references"]] == [
        ("pkg/__init__.py", 1, "star-export", "keep-old-path")
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/__init__.py").read_text() == INIT  # before and after: the entry keeps its name
    assert next(repo.glob("pkg/WF*_user.py")).read_text() == USER
    assert "import" in (repo / "pkg/starmod.py").read_text()  # a shim of the renamed module
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


ADDED_INIT = """\
from . import bound

__all__ = ["a"]
__all__ += ("plus",)
__all__.append("other")
__all__.extend(["more", "bound"])
__all__.insert(0, "first")
a = 1
"""
ADDED_SUITE = """\
from pkg import *


def test_star():
    assert (plus.V, other.V, more.V, first.V, bound.V) == ("plus", "other", "more", "first", "bound")
"""


def test_entries_added_by_a_call_on_all_are_read_as_assigned_ones(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``__all__.append("other")`` / ``.extend([...])`` / ``.insert(i, "x")`` add entries ``from pkg import *`` loads as
    ``=`` and ``+=`` do (review28 F7): such an unbound entry was renamed with no shim, and the star import raised."""
    names = ("plus", "other", "more", "first", "bound")
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": ADDED_INIT,
            **{f"pkg/{name}.py": f'V = "{name}"\n' for name in names},
            "tests/test_star.py": ADDED_SUITE,
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (r["old_module"], ref["line"], ref["kind"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["path"] == "pkg/__init__.py"
    }
    assert {(m, line, kind) for m, line, kind, _ in listed} >= {
        ("pkg.plus", 4, "star-export"),
        ("pkg.other", 5, "star-export"),
        ("pkg.more", 6, "star-export"),
        ("pkg.first", 7, "star-export"),
        ("pkg.bound", 6, "__all__"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    new_bound = next(repo.glob("pkg/WF*_bound.py")).stem
    # the bound entry still names what the package binds (Rope keeps the local name), every other one its old name
    after = ADDED_INIT.replace("import bound", f"import {new_bound} as bound")
    assert (repo / "pkg/__init__.py").read_text() == after
    assert all("import" in (repo / f"pkg/{name}.py").read_text() for name in names[:4])  # shims of the renamed
    assert own_suite(repo).startswith("1 passed")


FOLDED_SUITE = """\
from pkg import *


def test_star():
    assert (alpha.V, beta.V) == ("alpha", "beta")
"""


@pytest.mark.parametrize(
    "init",
    [
        '__all__ = "alpha beta".split()\n',
        '_SUBS = ("alpha",)\n__all__ = list(_SUBS) + ["beta"]\n',
        '_A = ["alpha"]\n__all__ = [*_A, "beta"]\n',
    ],
    ids=["split", "list-plus", "starred"],
)
def test_an_all_folded_from_constants_keeps_its_entries_loadable(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path], init: str
) -> None:
    """breaker's d02, d03, h04: an ``__all__`` that is no literal list but is built from constants listed nothing (or
    only its literal part), so the renamed ``alpha`` got no shim and ``from pkg import *`` raised ``AttributeError``.
    Its entries are folded (planner/star_exports.py's ``folded``) and each is a ``star-export``: old name, shim."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": init,
            **{f"pkg/{name}.py": f'V = "{name}"\n' for name in ("alpha", "beta")},
            "tests/test_star.py": FOLDED_SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {(r["old_module"], ref["kind"], ref["action"]) for r, ref in plan_references(plan)}
    assert listed >= {("pkg.alpha", "star-export", "keep-old-path"), ("pkg.beta", "star-export", "keep-old-path")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/__init__.py").read_text() == init
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
