"""A package whose lazy table is its own ``__init__.pyi`` keeps its submodules reachable by their old names (issue 13,
class 1, Deliver 3; breaker's F21).

scikit-image, librosa, mne and pyvista end their ``__init__`` with::

    __getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)

and ``attach_stub`` reads the stub beside it with ``ast``: each ``from . import mathops`` is a submodule by its
``alias.name`` (an ``as`` is ignored), each ``from .textops import shout`` an attribute of a submodule. Rope writes
``from . import WF1_..._mathops as mathops`` in the stub, so the lazy table held the new name only: ``pkg.mathops``
raised ``AttributeError`` and nothing was listed or kept (no shim). Now the plan lists the stub's ``from . import``
names as ``lazy-attach`` (``keep-old-path``, as for ``lazy_loader.attach(__name__, submodules=[...])``), apply
writes the stub's import as ``from . import mathops, WF1_..._mathops`` (both names in the lazy table, the old path
kept by a shim) and revert gives back every byte. The package's ``__all__`` now also lists the new name, as a
widened ``attach`` table does. Running the fixture needs the real ``lazy_loader``: that test skips without it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, applied, committed, plan_references, planned, reverted, snapshot, write_files

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = "import lazy_loader as lazy\n\n__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)\n"
STUB = "from . import mathops\nfrom .textops import shout\n"
SUITE = """\
import pkg


def test_submodule_attr():
    assert pkg.mathops.double(2) == 4


def test_lazy_attr():
    assert pkg.shout("a") == "A"
"""
FILES = {
    "guardian.toml": CONFIG,
    "pkg/__init__.py": INIT,
    "pkg/__init__.pyi": STUB,
    "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
    "pkg/textops.py": "def shout(s):\n    return s.upper()\n",
    "tests/test_lazy_stub.py": SUITE,
}
#: the old public paths, outside the checkout's code: a user's script after apply
OLD_PATHS = "import pkg\nassert pkg.mathops.double(2) == 4\nassert pkg.shout('a') == 'A'\n"


def test_the_stub_names_the_old_and_the_new_submodule(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(rename["old"], ref["kind"], ref["action"], ref["path"]) for rename, ref in plan_references(plan)}
    assert ("pkg/mathops.py", "lazy-attach", "keep-old-path", "pkg/__init__.py") in found
    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = {path.stem.rpartition("_")[2]: path.stem for path in repo.glob("pkg/WF*.py")}
    stub = (repo / "pkg/__init__.pyi").read_text()
    assert stub == f"from . import mathops, {new['mathops']}\nfrom .{new['textops']} import shout\n"
    assert re.search(r"WF1_\w+_mathops", (repo / "pkg/mathops.py").read_text())  # the shim at the old path
    reverted(cli, repo, original)


def test_the_old_path_works_through_the_stub(cli: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("lazy_loader", reason="the fixture's package is loaded by the real lazy_loader")
    repo = write_files(tmp_path / "repo", FILES)
    _plan, original = planned(cli, repo, "2 passed")
    applied(cli, repo, "2 passed")
    done = subprocess.run([sys.executable, "-c", OLD_PATHS], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    reverted(cli, repo, original)
