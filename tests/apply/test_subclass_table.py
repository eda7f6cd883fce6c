"""A subclass that overrides a computed import's table keeps its package's old paths (issue 13, docutils).

docutils' ``LanguageImporter`` imports ``package + name`` for each ``package`` in ``self.packages``, and
its subclass ``RstLanguageImporter``, in another package, sets ``packages`` to that package. The plan
kept alive only the base class's package: after the rename the subclass found no module, and docutils'
rST parser lost its English directives. The subclass's package is reachable too now (shims).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py"]

[workflows]
"pkg/**" = 1
"""
LOADER = """\
from importlib import import_module


class Loader:
    packages = ("pkg.base.",)

    def load(self, name):
        for package in self.packages:
            return import_module(package + name)
"""
EXTRAS = "from pkg.base.loader import Loader\n\n\nclass ExtraLoader(Loader):\n    packages = ('pkg.extras.',)\n"
CHECK = "from pkg.extras import ExtraLoader; print(ExtraLoader().load('beta').VALUE)"


def test_the_subclass_table_reaches_its_package_by_the_old_names(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg/base").mkdir(parents=True)
    (repo / "pkg/extras").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/base/__init__.py").write_text("")
    (repo / "pkg/base/loader.py").write_text(LOADER)
    (repo / "pkg/extras/__init__.py").write_text(EXTRAS)
    (repo / "pkg/extras/beta.py").write_text("VALUE = 2\n")
    committed(repo)
    original = snapshot(repo)

    def load() -> str:
        return subprocess.run([sys.executable, "-c", CHECK], cwd=repo, capture_output=True, text=True).stdout

    assert load() == "2\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [beta] = [r for r in plan_renames(plan) if r["old"] == "pkg/extras/beta.py"]
    assert [(r["path"], r["kind"]) for r in beta["references"]] == [("pkg/extras/__init__.py", "unresolved-import")]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert load() == "2\n"  # pkg.extras.beta: a shim
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
