"""Every spelling of a package's own directory counts for its listing (issue 13, breaker c6).

A package listing its own directory by ``importlib.resources.files(__name__)``, ``files(__package__)``, ``files``
of its imported self, ``Path(sys.modules[__name__].__file__).parent``, ``__spec__.origin``'s directory or
``__spec__.submodule_search_locations[0]`` was not read as one: its modules were renamed and the registries keyed
by the new names (``['WF1_..._one', ...] != ['one', 'two']``), and the last one's computed import was an
``unresolved-import`` with shims, which the listing then found too (4 plugins instead of 2). The directory is the
package's own whatever expression names it (planner/own_directory.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

_REGISTER = "        stem = entry.name[:-3]\n        PLUGINS[stem] = importlib.import_module(f'{__name__}.{stem}')\n"
_LISTINGS = {
    "pa": "for entry in importlib.resources.files(__name__).iterdir():\n",
    "pb": "for entry in os.scandir(__spec__.submodule_search_locations[0]):\n",
    "pc": "for entry in Path(sys.modules[__name__].__file__).parent.glob('[!_]*.py'):\n",
    "pd": "for entry in importlib.resources.files(__package__).iterdir():\n",
    "pe": "for entry in Path(__spec__.origin).parent.iterdir():\n",
    "pf": "for entry in files(pf).iterdir():\n",
    "pg": "for entry in os.scandir(sys.modules[__name__].__path__[0]):\n",
}
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"p*/**" = 1\n"lib/**" = 1\n',
    "lib/__init__.py": "",
    "lib/util.py": "W = 0\n",
    "tests/test_listings.py": (
        "import pytest\nimport lib.util\nimport pa, pb, pc, pd, pe, pf, pg\n\n\n"
        "@pytest.mark.parametrize('pkg', [pa, pb, pc, pd, pe, pf, pg])\n"
        "def test_plugins(pkg):\n    assert sorted(pkg.PLUGINS) == ['one', 'two']\n"
    ),
}
for _pkg, _listing in _LISTINGS.items():
    FILES[f"{_pkg}/__init__.py"] = (
        "import importlib\nimport importlib.resources\nimport os\nimport sys\n"
        f"from importlib.resources import files\nfrom pathlib import Path\n\nimport {_pkg}\n\nPLUGINS = {{}}\n"
        f"{_listing}"
        "    if entry.name.endswith('.py') and not entry.name.startswith('_'):\n"
        f"{_REGISTER}"
    )
    FILES[f"{_pkg}/one.py"] = "V = 1\n"
    FILES[f"{_pkg}/two.py"] = "V = 2\n"


def test_every_spelling_of_the_own_directory_keeps_the_listed_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("7 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    why = "which lists its package's directory (the modules' names are data)"
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith("p")}
    assert kept == {
        f"{pkg}/{name}.py": f"found by name by {pkg}/__init__.py:11, {why}"
        for pkg in _LISTINGS
        for name in ("one", "two")
    }
    assert [r["old"] for r in plan_renames(plan)] == ["lib/util.py"]
    assert [h["kind"] for h in plan["hazards"] if h["kind"] == "unresolved-dynamic-import"] == []

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("7 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
