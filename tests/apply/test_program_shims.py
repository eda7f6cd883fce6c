"""A shim at the old path of a module run as a program runs the renamed module as ``__main__`` (issue 13, tornado).

tornado's package ``__getattr__`` imports each name of its ``__all__``, so ``tornado.autoreload`` keeps a silent
shim at its old path. The module is also a program, run as ``python -m tornado.autoreload script.py`` (its own
docstring says so). Run that way, the shim imported the renamed module (whose ``__name__`` is its new name, so
its ``if __name__ == "__main__":`` block never ran), put it into ``sys.modules`` and ended: exit 0 and nothing
done. A shim of a module that has such a block now runs it with ``runpy.run_module(NEW, run_name="__main__",
alter_sys=True)`` when it is itself ``__main__``, as ``python -m NEW`` would, without importing it first
(``runpy`` warns about a module found in ``sys.modules`` before it runs, an error under ``-W error``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.shims import find_shims, shim_source

INIT = """\
import importlib

__all__ = ["cli", "core"]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
"""
CLI = """\
import sys


def main(argv):
    print("ran", __name__, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
"""


def test_the_old_path_of_a_program_still_runs_it(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": INIT,
            "pkg/cli.py": CLI,
            "pkg/core.py": "VALUE = 1\n",
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-W", "error", *args], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr[-300:]

    assert run("-m", "pkg.cli", "a", "b") == "ran __main__ ['a', 'b']\n"
    cli(repo, "-q", "plan")

    cli(repo, "-q", "apply", "--all", "--no-tests")

    new = find_shims((repo / "pkg/cli.py").read_text())
    assert new is not None and new.startswith("pkg.WF1_")
    assert find_shims((repo / "pkg/core.py").read_text()) is not None
    assert run("-m", "pkg.cli", "a", "b") == "ran __main__ ['a', 'b']\n"  # the old path runs the program
    assert run("-m", new, "a", "b") == "ran __main__ ['a', 'b']\n"
    assert run("-c", f"import pkg.cli, {new} as n; print(pkg.cli is n)") == "True\n"  # still the same module
    assert "__main__" not in (repo / "pkg/core.py").read_text()  # no program: the shim as before
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_program_shim_is_still_recognised() -> None:
    text = shim_source("pkg.cli", "pkg.WF1_cli", warn=False, program=True)
    assert find_shims(text) == "pkg.WF1_cli"
    assert 'run_module("pkg.WF1_cli", run_name="__main__", alter_sys=True)' in text
    compile(text, "pkg/cli.py", "exec")
