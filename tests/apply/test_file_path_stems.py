"""A renamed module's file named by its path without ``.py`` (issue 13, pexpect).

pexpect's ``ExceptionPexpect.get_trace`` drops its own frames from a traceback with
``'pexpect/expect' not in filename``: a whole string, the module's path from the source root without its
suffix. It was neither listed nor rewritten: after ``apply --all`` the frames of the renamed ``expect.py``
stayed in the trace and ``test_misc.py::test_exception_tb`` failed. Such a whole string is a ``file-path``
reference now, rewritten; a longer string, an f-string's part, a bare word and a path of no module are
not. Nor is a path from a directory above the file (``"core/sockets"`` inside ``pkg``: too short to tell from
other text, review 23's ``'sub/cli'``) or one starting with ``/`` (``"/pkg/client"`` is a URL route's
spelling too).
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
FILTER = """\
import sys

# frames of these files are the package's own (pexpect's get_trace)
OWN = ["pkg/core/sockets", "pkg/client"]
OTHERS = [f"{sys.prefix}/pkg/client", "see pkg/client for more", "client", "pkg/nothing", "/pkg/client"]


def own(module):
    return all(any(part in module.__file__ for part in OWN) for _ in [0])
"""
CHECK = "import pkg.core, tests.frames as f; print(all(f.own(m) for m in (pkg.core.SOCKETS, pkg.CLIENT)))"


def test_a_file_named_by_its_path_without_suffix(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "from . import client as CLIENT\n",
            "src/pkg/client.py": "",
            "src/pkg/core/__init__.py": "from . import sockets as SOCKETS\n",
            "src/pkg/core/sockets.py": 'ROUTE = "core/sockets"\n',
            "tests/__init__.py": "",
            "tests/frames.py": FILTER,
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
    assert ("src/pkg/client.py", "file-path", "pkg/client") in found
    assert ("src/pkg/client.py", "file-path", "/pkg/client") not in found
    assert ("src/pkg/core/sockets.py", "file-path", "pkg/core/sockets") in found
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert check() == "True\n"
    text = (repo / "tests/frames.py").read_text()
    others = '[f"{sys.prefix}/pkg/client", "see pkg/client for more", "client", "pkg/nothing", "/pkg/client"]'
    assert f"OTHERS = {others}" in text
    assert '"pkg/core/sockets"' not in text and '"pkg/client"' not in text
    assert (repo / "src/pkg/core").glob("WF*_sockets.py").__next__().read_text() == 'ROUTE = "core/sockets"\n'

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
