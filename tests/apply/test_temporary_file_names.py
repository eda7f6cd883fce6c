"""A bare file name joined below a temporary directory names the file a test writes (issue 13, omegaconf 2.4.0).

omegaconf's ``test_release_workflow.py`` writes ``tmp_path / "version.py"`` and reads it back; ``omegaconf/version.py``
is the checkout's only ``version.py``. The join put the name below a directory that is no module's own, so it was a
``joined-file-name``, a manual follow-up on every run, though the file it names is the test's, never the module's. A
join below a temporary directory (pytest's ``tmp_path``, ``tmpdir``, ``tmp_path_factory.mktemp(...)``,
``tempfile.mkdtemp()``, ``gettempdir()``, a ``TemporaryDirectory()``'s name, by ``with ... as`` or ``.name``, a name
assigned one) is no reference now: not listed, not rewritten. A file that joins the name below the package's own
directory as well (a copy of the module into ``tmp_path``) and one that joins it below a directory nothing tells
are listed as before.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

#: Each spelling of a temporary directory in a file of its own; each test checks the name of the file it wrote.
TEMPORARY = {
    "tmp_path": """\
def test_writes(tmp_path):
    path = tmp_path / "version.py"
    path.write_text("VERSION = '2.0'\\n")
    assert [p.name for p in tmp_path.iterdir()] == ["version.py"]
""",
    "tmpdir": """\
def test_writes(tmpdir):
    tmpdir.join("version.py").write("VERSION = '2.0'\\n")
    assert [p.basename for p in tmpdir.listdir()] == ["version.py"]
""",
    "factory": """\
def test_writes(tmp_path_factory):
    where = tmp_path_factory.mktemp("release")
    (where / "version.py").write_text("VERSION = '2.0'\\n")
    assert [p.name for p in where.iterdir()] == ["version.py"]
""",
    "mkdtemp": """\
import os
import shutil
import tempfile

NAME = "version.py"


def test_writes():
    where = tempfile.mkdtemp()
    try:
        with open(os.path.join(where, "version.py"), "w") as f:
            f.write("VERSION = '2.0'\\n")
        assert os.listdir(where) == [NAME]
    finally:
        shutil.rmtree(where)
""",
    "context": """\
import os
from tempfile import TemporaryDirectory


def test_writes():
    with TemporaryDirectory() as where:
        open(os.path.join(where, "version.py"), "w").close()
        assert os.listdir(where) == ["version.py"]
""",
    "named": """\
from pathlib import Path
from tempfile import TemporaryDirectory


def test_writes():
    holder = TemporaryDirectory()
    try:
        (Path(holder.name) / "version.py").touch()
        assert [p.name for p in Path(holder.name).iterdir()] == ["version.py"]
    finally:
        holder.cleanup()
""",
}
#: The package's own file copied into a temporary directory: its own directory's join is the module's file, so the
#: name in this file is not only the test's (listed as before); and a directory nothing tells.
COPY = """\
import shutil
from pathlib import Path

import pkg

HERE = Path(pkg.__file__).parent


def test_copies(tmp_path):
    shutil.copy(HERE / "version.py", tmp_path / "version.py")
"""
UNKNOWN = 'import os\n\n\ndef write(d):\n    return os.path.join(d, "version.py")\n'
OWN = """\
from pathlib import Path

import pkg


def test_reads():
    assert (Path(pkg.__file__).parent / "version.py").is_file()
"""


def test_a_file_name_below_a_temporary_directory_is_no_reference(cli: Invoke, tmp_path: Path) -> None:
    files = {f"tests/test_{name}.py": code for name, code in TEMPORARY.items()}
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/version.py": "VERSION = '1.0'\n",
            **files,
            "tests/test_own.py": OWN,
            "tools/copy.py": COPY,
            "tools/unknown.py": UNKNOWN,
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**", "tools/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith(f"{len(files) + 1} passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["path"], r["line"], r["kind"]) for r in rename["references"]}
    assert kinds == {
        ("tests/test_own.py", 7, "file-name"),
        ("tools/copy.py", 10, "joined-file-name"),
        ("tools/unknown.py", 5, "joined-file-name"),
    }

    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)

    assert {path: (repo / path).read_text() for path in files} == files
    new = Path(rename["new"]).name
    assert (repo / "tests/test_own.py").read_text() == OWN.replace('"version.py"', f'"{new}"')
    follow_ups = [f["detail"].partition(": manual")[0] for b in done["batches"] for f in b["manual_follow_up"]]
    assert follow_ups == ["tools/copy.py:10", "tools/unknown.py:5"]
    assert own_suite(repo).startswith(f"{len(files) + 1} passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
