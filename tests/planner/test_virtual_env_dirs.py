"""A virtual environment inside the checkout is no part of it, whatever its name (issue 13, trialB, webargs 8.7.1):
directories named ``.venv``, ``venv`` or ``env`` were skipped, and any ``site-packages``, but a ``tvenv/`` (or
``py311/``) was read but for its ``site-packages``: the scripts pip puts in its ``bin/`` (bottle's ``bottle.py``)
were the checkout's files, and webargs' plan had an unknown-dynamic-import hazard in ``tvenv/bin/bottle.py``. A
directory holding ``pyvenv.cfg`` (PEP 405's marker, which venv and virtualenv write) is skipped like ``.venv``."""

from __future__ import annotations

from pathlib import Path

from planner.checkout_files import walk_names
from planner.config import Config
from planner.scan import scan_repo

FILES = {
    "pkg/__init__.py": "",
    "pkg/mod.py": "X = 1\n",
    "tvenv/pyvenv.cfg": "home = /usr/bin\n",
    "tvenv/bin/tool.py": "import importlib\n\n\ndef load(name):\n    return importlib.import_module(name)\n",
    "tvenv/lib/notes.md": "pkg.mod\n",
    "tools/env_like/helper.py": "import pkg.mod\n",  # a directory without the marker is the checkout's
}


def _repo(root: Path) -> Path:
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_the_scan_reads_nothing_of_a_virtual_environment(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=_repo(tmp_path), exempt=()))
    paths = {m.path for m in scan.modules.values()} | {r.path for r in scan.references}
    assert not any(path.startswith("tvenv/") for path in paths)
    assert "tools/env_like/helper.py" in {m.path for m in scan.modules.values()}


def test_the_checkouts_file_walk_skips_it(tmp_path: Path) -> None:
    found = [Path(p).relative_to(tmp_path).as_posix() for p in walk_names(_repo(tmp_path), tmp_path, ".md")]
    assert found == []
