"""A renamed module's file named by the end of its absolute file name (issue 13, starlette and anyio).

Both suites let blockbuster allow a blocking call in one of their own files, which blockbuster matches
against the end of a code object's ``co_filename``: starlette's ``can_block_in("/starlette/testclient.py",
"receive")`` (a ``/`` and the path from the repository root) and anyio's
``can_block_in("anyio/_core/_sockets.py", ...)`` (the path from its source root, ``src/``). Neither was
listed or rewritten: after a plain ``apply --all`` 5 of starlette's tests and 90 of anyio's failed with
``BlockingError``. Both are ``file-path`` references now, rewritten; ``f"{root}/pkg/mod.py"`` (a path built
from parts) and ``vendor/pkg/mod.py`` (another file) are not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

CONFIG = """\
source_roots = ["src"]
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"src/pkg/**" = 1
"""
ALLOWED = """\
import sys

# the files whose code may block, by the end of their absolute file names (blockbuster's can_block_in)
ALLOWED = ["pkg/core/sockets.py", "/pkg/client.py"]
OTHERS = [f"{sys.prefix}/pkg/client.py", "vendor/pkg/core/sockets.py"]


def may_block(module):
    return any(module.__file__.endswith(end) for end in ALLOWED)
"""
CHECK = "import pkg.core, tests.allowed as a; print(all(a.may_block(m) for m in (pkg.core.SOCKETS, pkg.CLIENT)))"


def test_a_file_named_by_the_end_of_its_absolute_name(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "from . import client as CLIENT\n",
            "src/pkg/client.py": "",
            "src/pkg/core/__init__.py": "from . import sockets as SOCKETS\n",
            "src/pkg/core/sockets.py": "",
            "tests/__init__.py": "",
            "tests/allowed.py": ALLOWED,
        }
    )
    committed(repo)
    original = snapshot(repo)

    def check() -> str:
        env = {"PYTHONPATH": f"{repo / 'src'}:{repo}", "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-c", CHECK], cwd=repo, env=env, capture_output=True, text=True).stdout

    assert check() == "True\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(r["old"], x["kind"], x["text"]) for r, x in plan_references(plan)}
    assert ("src/pkg/client.py", "file-path", "/pkg/client.py") in found
    assert ("src/pkg/core/sockets.py", "file-path", "pkg/core/sockets.py") in found
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert check() == "True\n"
    text = (repo / "tests/allowed.py").read_text()
    assert 'f"{sys.prefix}/pkg/client.py", "vendor/pkg/core/sockets.py"' in text  # other files: kept
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
