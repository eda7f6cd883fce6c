"""A bytes literal of text over lines names a module as its str spelling does (issue 13, review of strings).

A process's output or a file's content compared as bytes holds newlines and tabs: ``b"loaded:\\npkg.codec\\tok\\n"``.
Its str spelling (``"loaded:\\npkg.codec\\tok\\n"``) is listed as a ``string-part`` and rewritten; the bytes one
was neither listed nor rewritten, since planner/bytes_text.py read any control byte as pickled data, and the test
was lost. Bytes of ASCII text with line ends and tabs are text, as printable ones are, unless they are a pickle of
protocol 0 or 1 (an opcode stream read to its STOP, or a ``c`` GLOBAL opcode's ``module\\nname\\n``): left, kept
alive by a shim.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, plan_references, planned, reverted, snapshot, write_files

TESTS = """\
import pickle

from pkg.codec import Encoder

OLD = b"ccopy_reg\\n_reconstructor\\np0\\n(cpkg.codec\\nEncoder\\np1\\nc__builtin__\\nobject\\np2\\nNtp3\\nRp4\\n."
HEAD = b"(cpkg.codec\\nEncoder\\n"


def test_lines_as_bytes():
    text = ("loaded:\\n" + Encoder.__module__ + "\\tok\\r\\n").encode()
    assert text == b"loaded:\\npkg.codec\\tok\\r\\n"
    assert b"\\npkg.codec\\t" in text
    assert text.decode() == "loaded:\\npkg.codec\\tok\\r\\n"


def test_an_old_pickle_of_protocol_0():
    assert type(pickle.loads(OLD)) is Encoder
    assert HEAD in OLD
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/codec.py": "class Encoder:\n    pass\n",
    "tests/test_codec.py": TESTS,
}


def test_a_path_in_bytes_over_lines_follows_the_rename(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "2 passed")
    found = sorted(
        (r["line"], r["kind"], r["action"])
        for rename, r in plan_references(plan)
        if rename["old"] == "pkg/codec.py" and r["path"] == "tests/test_codec.py" and r["kind"] != "import"
    )
    assert found == [
        (5, "pickled", "keep-old-path"),  # pickled bytes: never text
        (6, "pickled", "keep-old-path"),
        (11, "string-part", "rewrite"),  # bytes: not listed on main
        (12, "string-part", "rewrite"),  # bytes: not listed on main
        (13, "string-part", "rewrite"),  # the str spelling: listed on main
    ]

    applied = cli(repo, "-q", "apply", "--all", "--no-tests")
    assert applied.exit_code == 0
    [codec] = (repo / "pkg").glob("WF*_codec.py")
    after = snapshot(repo)["tests/test_codec.py"].decode()
    assert after == re.sub(r"(?<!\(c)pkg\.codec\b", f"pkg.{codec.stem}", TESTS)  # all but the pickled bytes
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip().rpartition("\n")[2].startswith("2 passed")
    reverted(cli, repo, original)
