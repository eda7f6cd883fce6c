"""A bytes literal that is plain text names a module inside it as a str does (issue 13, trialC, hpack 4.2.0).

hpack's ``test_to_bytes`` asserts ``_to_bytes(Encoder()).startswith(b"<hpack.hpack.Encoder")``: the object's
``repr`` as bytes, naming the class's module. Its str spelling (``"<hpack.hpack.Encoder"``) was rewritten as a
``string-part``; the bytes one was neither listed nor rewritten (only a bytes literal that is a whole path was, so
pickled bytes are left), and the test lost. A bytes literal whose value is printable ASCII is text: it is read and
rewritten as its str spelling is (plan and apply ask planner/bytes_text.py's ``plain_text``). Pickled bytes hold a
newline or a byte outside printable ASCII (an opcode, a length), so they are still left. On main the plan listed
none of the three part paths below and apply left them: the test failed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
TESTS = """\
import pickle
import subprocess
import sys

from pkg.codec import Encoder

OLD = b"\\x80\\x02cpkg.codec\\nEncoder\\nq\\x00)\\x81q\\x01."  # pickled before the rename: left


def test_the_repr_as_bytes():
    assert repr(Encoder()).encode().startswith(b"<pkg.codec.Encoder")
    assert repr(Encoder()).startswith("<pkg.codec.Encoder")


def test_an_error_message_as_bytes():
    done = subprocess.run([sys.executable, "-c", "import pkg.codec; pkg.codec.fail()"], capture_output=True)
    assert b"in fail (pkg.codec.Encoder)" in done.stderr or b"pkg.codec.Encoder failed" in done.stderr


def test_the_class_in_a_pickle():
    assert b"pkg.codec" in pickle.dumps(Encoder(), protocol=2)
    assert OLD.startswith(b"\\x80\\x02cpkg.codec\\n")
"""
CODEC = """\
class Encoder:
    pass


def fail():
    raise SystemExit(f"{Encoder.__module__}.Encoder failed")
"""
FILES = {
    "guardian.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/codec.py": CODEC,
    "tests/test_codec.py": TESTS,
}


def _tests(repo: Path) -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "tests"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[-1]


def test_a_path_inside_plain_bytes_follows_the_rename(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = committed(write_tree(FILES))
    original = snapshot(repo)
    assert _tests(repo).startswith("3 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = sorted(
        (r["line"], r["kind"], r["text"], r["action"])
        for rename, r in plan_references(plan)
        if rename["old"] == "pkg/codec.py" and r["path"] == "tests/test_codec.py"
    )
    assert found == [
        (7, "pickled", "pkg.codec", "keep-old-path"),  # pickled bytes: never text
        (11, "string-part", "pkg.codec.Encoder", "rewrite"),  # bytes: not listed on main
        (12, "string-part", "pkg.codec.Encoder", "rewrite"),
        (16, "code-string", "pkg.codec", "rewrite"),
        (17, "string-part", "pkg.codec.Encoder", "rewrite"),  # bytes: not listed on main
        (21, "string", "pkg.codec", "rewrite"),
    ]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    [codec] = (repo / "pkg").glob("WF*_codec.py")
    new = f"pkg.{codec.stem}"
    after = snapshot(repo)["tests/test_codec.py"].decode()
    assert after == re.sub(r"(?<!\\x02c)pkg\.codec", new, TESTS)  # all but the pickled bytes
    assert _tests(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
