"""A submodule named after the colon of ``module:attr`` (issue 13, breaker d31, e03, f03).

``pkgutil.resolve_name("pkg.sub:mod.K")`` and an entry point ``alpha = "pkg.plugins:alpha"`` (pyproject.toml,
setup.cfg) whose ``alpha`` is a submodule of ``pkg.plugins`` read ``alpha`` as an attribute of the package, as
``__import__("pkg.plugins").plugins.alpha`` does: on main nothing was listed or rewritten, and after the rename the
package held the new name only (AttributeError). The plan now lists each (the entry points ``rewrite-keep-old-path``:
an installed copy names the old path) and apply writes the new name after the colon; a submodule its package shadows
(``from .slug import slug``) is the object and stays.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
PYPROJECT = '[project]\nname = "colon"\nversion = "0.1"\n\n[project.entry-points."colon.plugins"]\nalpha = "pkg.plugins:alpha"\n'
SETUP_CFG = "[options.entry_points]\ncolon.more =\n    beta = pkg.plugins:beta\n"
SUITE = """\
import configparser
import pathlib
import pkgutil
import tomllib

import pkg.plugins.alpha
import pkg.plugins.beta
import pkg.sub.mod

ROOT = pathlib.Path(__file__).parent.parent


def test_entry_points():
    toml = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pkgutil.resolve_name(toml["project"]["entry-points"]["colon.plugins"]["alpha"]).NAME == "alpha"
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    target = cfg["options.entry_points"]["colon.more"].strip().partition(" = ")[2]
    assert pkgutil.resolve_name(target).NAME == "beta"


def test_resolve_name():
    assert pkgutil.resolve_name("pkg.sub:mod.K").V == 9
    assert pkgutil.resolve_name("pkg.shade:slug")() == "object"
"""


def test_a_submodule_after_the_colon(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pyproject.toml": PYPROJECT,
            "setup.cfg": SETUP_CFG,
            "pkg/__init__.py": "",
            "pkg/plugins/__init__.py": "",
            "pkg/plugins/alpha.py": "NAME = 'alpha'\n",
            "pkg/plugins/beta.py": "NAME = 'beta'\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "class K:\n    V = 9\n",
            "pkg/shade/__init__.py": "from .slug import slug\n",
            "pkg/shade/slug.py": "def slug():\n    return 'object'\n",
            "tests/test_colon.py": SUITE,
        }
    )
    plan, original = planned(cli, repo, "2 passed")
    listed = {(r["old_module"], ref["path"], ref["line"], ref["action"]) for r, ref in plan_references(plan)}
    assert {
        ("pkg.plugins.alpha", "pyproject.toml", 6, "rewrite-keep-old-path"),
        ("pkg.plugins.beta", "setup.cfg", 3, "rewrite-keep-old-path"),
        ("pkg.sub.mod", "tests/test_colon.py", 23, "rewrite"),
    } <= listed
    assert not [item for item in listed if item[0] == "pkg.shade.slug" and item[2] == 24]
    applied(cli, repo, "2 passed")
    assert '"pkg.plugins:WF1_' in (repo / "pyproject.toml").read_text()
    assert "pkg.plugins:WF1_" in (repo / "setup.cfg").read_text()
    assert '"pkg.shade:slug"' in (repo / "tests/test_colon.py").read_text()
    assert (repo / "pkg/plugins/alpha.py").exists()  # the installed entry point's old path, kept by a shim
    reverted(cli, repo, original)
