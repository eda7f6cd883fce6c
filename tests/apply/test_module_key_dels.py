"""A ``del sys.modules[...]`` of a module that keeps a shim drops both keys (issue 13, python-engineio 4.15.1).

engineio's tests force a fresh import of a driver with ``del sys.modules['engineio.async_drivers.gevent_uwsgi']``;
the server imports it by a computed old name, ``import_module('engineio.async_drivers.' + mode)``, so the driver
keeps a shim, and the shim puts the new module under the old key too. Apply rewrote the ``del`` to the new name:
the old key kept the module, the next import returned it with the previous test's mocked dependency, and the
suite hung. The ``del`` now also pops the old key (``sys.modules.pop("old", None)``: a no-op once ``guardian
retire`` removes the shim).
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, planned, reverted, write_files

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import sys

from pkg.core import load


def test_a_fresh_import_sees_the_new_dependency():
    sys.modules["dep"] = "A"
    assert load("x").DEP == "A"
    del sys.modules["pkg.drivers.x"]
    sys.modules["dep"] = "B"
    assert load("x").DEP == "B"
"""


def test_a_deleted_key_drops_the_shim_s_key_too(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/drivers/__init__.py": "",
            "pkg/drivers/x.py": 'import sys\n\nDEP = sys.modules.get("dep")\n',
            "pkg/core.py": 'from importlib import import_module\n\n\ndef load(mode):\n    return import_module("pkg.drivers." + mode)\n',
            "tests/__init__.py": "",
            "tests/test_fresh.py": SUITE,
        },
    )
    _plan, original = planned(cli, repo, "1 passed")
    applied(cli, repo, "1 passed")
    assert 'sys.modules.pop("pkg.drivers.x", None)' in (repo / "tests/test_fresh.py").read_text()
    reverted(cli, repo, original)
