"""A Rope crash in the renamed module's own file no longer fails the batch (issue 13, isort).

Rope 1.x cannot match the tokens of an f-string implicitly joined to a string holding ``#`` before a
comma (``helper(f"{x} " "#anchor", 2)``: ``MismatchedTokenError``), and it reads a module's own file
while renaming it. isort's ``settings.py`` has one, so ``apply`` failed: "renaming isort.settings failed".
A crash inside an importer already fell back to the libcst pass (which rewrites the file's imports) and
the graph verification; the module's own file is handled the same way now.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import rope.refactor.occurrences
from apply_helpers import Invoke, committed, plan_renames, snapshot

CONFIG = """\
exempt = ["**/__init__.py"]

[workflows]
"pkg/**" = 1
"""
SETTINGS = 'from .util import helper\n\n\ndef warning(name):\n    return helper(f"{name}: " "#see-the-docs", 2)\n'
USER = "from {module} import warning\n\nprint(warning('x'))\n"


def test_the_module_rope_cannot_read_is_renamed_and_its_imports_rewritten(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/util.py").write_text("def helper(*args):\n    return args\n")
    (repo / "pkg/settings.py").write_text(SETTINGS)
    (repo / "pkg/user.py").write_text(USER.format(module="pkg.settings"))
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    new = {r["old_module"]: r["new_module"].rpartition(".")[2] for r in plan_renames(plan)}
    find = rope.refactor.occurrences.Finder.find_occurrences

    def crash_on_settings(self: Any, resource: Any = None, pymodule: Any = None) -> Any:
        if resource is not None and resource.path.endswith("settings.py"):  # the shape Rope cannot read
            # and read again for the next rename: Rope warns for each node it had patched before failing
            warnings.warn("Node <Expr> has been already patched; please report!", RuntimeWarning, stacklevel=1)
            raise rope.base.exceptions.RopeError("Token <,> at (5, 44) cannot be matched")
        return find(self, resource, pymodule)

    monkeypatch.setattr(rope.refactor.occurrences.Finder, "find_occurrences", crash_on_settings)
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        cli(repo, "-q", "apply", "--all", "--no-tests")
    assert [str(w.message) for w in shown if "already patched" in str(w.message)] == []  # no noise for the user
    [settings] = (repo / "pkg").glob("WF*_settings.py")
    assert settings.read_text() == SETTINGS.replace(".util", f".{new['pkg.util']}")
    [user] = (repo / "pkg").glob("WF*_user.py")
    assert user.read_text() == USER.format(module=f"pkg.{new['pkg.settings']}")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
