"""A module of a directory a package adds to its ``__path__`` keeps its name (issue 13, breaker c13).

``__path__.append(os.path.join(os.path.dirname(__file__), "_impl"))`` makes ``pkg/_impl/fast.py`` the module
``pkg.fast``: the plan named it ``pkg._impl.fast``, renamed it, and left ``from pkg import fast`` as it was
(ImportError after apply). The same for ``__path__.insert``, ``__path__ = [...]``, ``__path__ += [...]`` and
``pkgutil.extend_path(__path__, __name__)``, whose portions elsewhere on ``sys.path`` join the package. The
module's import name is not the one the plan knows, so it keeps its name (planner/package_path.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"p*/**" = 1\n"extra/**" = 1\n',
    "pa/__init__.py": 'import os\n\n__path__.append(os.path.join(os.path.dirname(__file__), "_impl"))\n',
    "pa/_impl/fast.py": "SPEED = 'fast'\n",
    "pa/core.py": "X = 1\n",
    "pb/__init__.py": 'from pathlib import Path\n\n__path__.insert(0, str(Path(__file__).parent / "impl"))\n',
    "pb/impl/slow.py": "SPEED = 'slow'\n",
    "pc/__init__.py": (
        'import os\n\n_HERE = os.path.dirname(__file__)\n__path__ = [_HERE, os.path.join(_HERE, "vendored")]\n'
    ),
    "pc/vendored/dep.py": "SPEED = 'dep'\n",
    "pd/__init__.py": 'import os\n\n__path__ += [os.path.join(os.path.dirname(__file__), "more")]\n',
    "pd/more/extra.py": "SPEED = 'extra'\n",
    # a portion of pe elsewhere on sys.path, which pkgutil.extend_path joins to it
    "pe/__init__.py": "import pkgutil\n\n__path__ = pkgutil.extend_path(__path__, __name__)\n",
    "extra/pe/plug.py": "SPEED = 'plug'\n",
    "conftest.py": "import os\nimport sys\n\nsys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'extra'))\n",
    "tests/test_paths.py": (
        "from pa import core, fast\nfrom pb import slow\nfrom pc import dep\nfrom pd import extra\nfrom pe import plug\n\n\n"
        "def test_modules_of_added_directories():\n"
        "    assert [fast.SPEED, slow.SPEED, dep.SPEED, extra.SPEED, plug.SPEED] == ['fast', 'slow', 'dep', 'extra', 'plug']\n"
        "    assert core.X == 1\n"
    ),
}


def test_modules_of_a_directory_added_to_the_package_path_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    why = "which adds their directory to its package's __path__ (imported as"
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith(("p", "extra"))}
    assert kept == {
        "pa/_impl/fast.py": f"found by name by pa/__init__.py:3, {why} pa.fast)",
        "pb/impl/slow.py": f"found by name by pb/__init__.py:3, {why} pb.slow)",
        "pc/vendored/dep.py": f"found by name by pc/__init__.py:4, {why} pc.dep)",
        "pd/more/extra.py": f"found by name by pd/__init__.py:3, {why} pd.extra)",
        "extra/pe/plug.py": f"found by name by pe/__init__.py:3, {why} pe.plug)",
    }
    assert [r["old"] for r in plan_renames(plan)] == ["pa/core.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
