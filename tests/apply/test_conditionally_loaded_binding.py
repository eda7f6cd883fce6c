"""The old name of a submodule loaded only on some platforms is bound only where it was loaded (issue 13, trio).

``trio/_core/__init__.py`` imports ``._run``, which imports ``._io_windows`` (and through it
``._windows_cffi``) under ``if sys.platform == "win32"``. trio's ``test_exports`` reads ``dir(_core)``, so
the plan keeps the old attribute names of ``_core``'s submodules, and the ones loaded through another
submodule were bound by an unconditional ``from . import NEW as old`` at the end of the ``__init__``: on
Linux that imported the Windows-only module, whose ``ffi.dlopen("kernel32.dll")`` failed, and ``import
trio`` with it (827 of 827 tests lost). Such a binding now reads ``if "NEW" in globals(): from . import NEW
as old``: the import system sets ``NEW`` on the package when another submodule loads it, and the binding
imports nothing itself. ``guardian retire`` removes both spellings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot

from codemods.old_name_bindings import BINDING_COMMENT, find_bindings, strip_bindings

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
CORE = """\
import os

if os.environ.get("PKG_WINDOWS"):
    from .winonly import handle
else:

    def handle():
        return "posix"
"""
WINONLY = """\
import os

if not os.environ.get("PKG_WINDOWS"):
    raise OSError("cannot load library 'kernel32.dll'")


def handle():
    return "windows"
"""
EXPORTS = "import pkg\n\n\ndef names():\n    return dir(pkg)\n"


def test_a_submodule_loaded_on_one_platform_only_is_not_imported_by_its_binding(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("from .core import handle\n")
    (repo / "pkg/core.py").write_text(CORE)
    (repo / "pkg/winonly.py").write_text(WINONLY)
    (repo / "tests/__init__.py").write_text("")
    (repo / "tests/exports.py").write_text(EXPORTS)  # dir(pkg): every attribute of the package counts
    committed(repo)
    original = snapshot(repo)

    def run(code: str, windows: bool = False) -> str:
        env = (
            {**os.environ, "PKG_WINDOWS": "1"}
            if windows
            else {k: v for k, v in os.environ.items() if k != "PKG_WINDOWS"}
        )
        done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, env=env)
        return done.stdout + done.stderr[-200:]

    posix = "import pkg; print(pkg.handle(), hasattr(pkg, 'winonly'))"
    windows = "import pkg; print(pkg.handle(), pkg.winonly.handle())"
    assert run(posix) == "posix False\n"
    assert run(windows, windows=True) == "windows windows\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [winonly] = [r for r in plan_renames(plan) if r["old"] == "pkg/winonly.py"]
    assert ("tests/exports.py", "submodule-attribute") in {(r["path"], r["kind"]) for r in winonly["references"]}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = winonly["new_module"].rpartition(".")[2]
    init = (repo / "pkg/__init__.py").read_text()
    assert (
        f'if "{new}" in globals():\n    from . import (  {BINDING_COMMENT}\n        {new} as winonly,\n    )\n' in init
    )
    assert run(posix) == "posix False\n"  # the binding imported nothing: no kernel32.dll on this platform
    assert run(windows, windows=True) == "windows windows\n"  # loaded there, so bound by its old name too
    assert find_bindings(init) == ["core", "winonly"]  # core: bound after its import, as before
    assert strip_bindings(init) == "from .WF1_V7_L2_2of2_core import handle\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_hand_written_condition_is_not_guardians_binding() -> None:
    other = f'if "other" in globals(): from . import WF1_sub as sub  {BINDING_COMMENT}\n'
    assert find_bindings(other) == []
    assert strip_bindings(other) == other
    other = f'if "other" in globals():\n    from . import (  {BINDING_COMMENT}\n        WF1_sub as sub,\n    )\n'
    assert find_bindings(other) == []
    assert strip_bindings(other) == other
