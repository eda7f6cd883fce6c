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

from apply_helpers import Invoke, committed, own_suite, snapshot

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
    (starmod,) = (r for b in plan["batches"] for r in b["renames"] if r["old_module"] == "pkg.starmod")
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
