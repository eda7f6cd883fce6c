"""A ``.py`` symlink inside the checkout (breaker's c12): ``pkg/m1link.py -> m1.py`` makes one file two modules.
The plan renamed both; apply then refused the whole batch ("pkg/m1link.py is a symlink; Guardian never writes
through symlinks", exit 2), so nothing of the migration could be applied. Renaming only the file would leave the
link leading nowhere. Both modules keep their names, listed under ``kept`` with the link; the others are renamed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import pkg.m2


def test_through_the_link():
    assert pkg.m2.X == 1
"""


def test_a_linked_module_and_its_file_keep_their_names(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/m2.py": "import pkg.m1link\n\nX = pkg.m1link.V\n",
            "tests/test_link.py": SUITE,
        }
    )
    os.symlink("m1.py", repo / "pkg/m1link.py")
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [r["old_module"] for b in plan["batches"] for r in b["renames"]] == ["pkg.m2"]
    kept = {k["module"]: k["reason"] for k in plan["kept"]}
    assert kept["pkg.m1link"].endswith("its own file, a symlink to pkg/m1.py (Guardian never moves a link)")
    assert kept["pkg.m1"].endswith("the symlink pkg/m1link.py")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/m1link.py").is_symlink() and (repo / "pkg/m1.py").is_file()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_modules_below_a_linked_directory_keep_their_names(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``pkg/alias -> real`` (review29 c6): ``pkg.alias.m1`` is ``pkg/real/m1.py`` again, which discovery does not
    walk into; the plan renamed ``pkg.real.m1`` and ``import pkg.alias.m1`` failed after apply."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/real/__init__.py": "",
            "pkg/real/m1.py": "V = 6\n",
            "pkg/other.py": "W = 1\n",
            "tests/test_alias.py": "def test_alias():\n    import pkg.alias.m1\n\n    assert pkg.alias.m1.V == 6\n",
        }
    )
    os.symlink("real", repo / "pkg/alias")
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [r["old_module"] for b in plan["batches"] for r in b["renames"]] == ["pkg.other"]
    kept = {k["module"]: k["reason"] for k in plan["kept"]}
    assert kept["pkg.real.m1"].endswith("the directory symlink pkg/alias, which leads to pkg/real")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
