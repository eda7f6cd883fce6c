"""A package's submodules read by a computed attribute name keep their old names (issue 13, isort).

``from . import alpha as _alpha`` in a package's ``__init__`` binds ``_alpha`` there and, as the import
system does for every submodule, the attribute ``alpha`` on the package. isort lists its Python targets
as the public names of ``dir(stdlibs)`` and reads one with ``getattr(stdlibs, version)``: after the rename
``stdlibs.all`` was gone, "all" was no valid target and the proof rolled the batch back. Such reads make
every submodule the package binds that way a ``submodule-attribute`` reference: the old name is bound
again (codemods/old_name_bindings.py) until ``guardian retire``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
REGISTRY = """\
from . import targets

NAMES = sorted(name for name in dir(targets) if not name.startswith("_"))


def get(name):
    return getattr(targets, name).VALUE
"""
CHECK = "from pkg.{registry} import NAMES, get; print(NAMES, get('alpha'), get('beta'))"


def test_dir_and_getattr_of_the_package_see_the_old_names(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/targets/__init__.py": "from . import alpha as _alpha\nfrom . import beta\n",
            "pkg/targets/alpha.py": "VALUE = 1\n",
            "pkg/targets/beta.py": "VALUE = 2\n",
            "pkg/registry.py": REGISTRY,
        }
    )
    committed(repo)
    original = snapshot(repo)

    def run(registry: str) -> str:
        check = [sys.executable, "-c", CHECK.format(registry=registry)]
        return subprocess.run(check, cwd=repo, capture_output=True, text=True, check=True).stdout

    before = run("registry")
    assert before == "['alpha', 'beta'] 1 2\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [alpha] = [r for r in plan_renames(plan) if r["old"] == "pkg/targets/alpha.py"]
    # once per file and package, at its first read: each read reaches every submodule the package binds
    assert [(r["path"], r["line"], r["kind"], r["text"]) for r in alpha["references"]] == [
        ("pkg/registry.py", 3, "submodule-attribute", "dir(targets)")
    ]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    [registry] = (repo / "pkg").glob("WF*_registry.py")
    names, one, two = run(registry.stem).rsplit(" ", 2)
    assert "'alpha'" in names and (one, two) == ("1", "2\n")  # "beta" keeps its name: the import binds it
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
