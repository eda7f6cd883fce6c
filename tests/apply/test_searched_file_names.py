"""A bare file name searched for below a directory is no module's file (issue 13, sqlite-utils 4.2.1).

sqlite-utils' ``migrate`` command finds its users' migration files with ``path.rglob("migrations.py")`` below the
directories it is given; ``sqlite_utils/migrations.py`` is the checkout's only ``migrations.py``, so the pattern
was taken for that module's file by its bare name and rewritten (``rglob("WF1_..._migrations.py")``): the command
found no file, and 8 of its tests were lost. A glob's pattern names files below the directory it searches, as a
path join's later part does (planner/joined_file_names.py): pathlib's ``.glob``/``.rglob`` on the directory, and
``glob.glob``/``glob.iglob`` with ``root_dir=``. Below another directory it is listed for a person
(``joined-file-name``) and left, with the file's other mentions of it (the command's help, its error message);
below the module's own directory (``Path(__file__).parent.glob("main.py")``) it is still the module's file. So is a
name compared with a directory's listing (``"migrations.py" in files`` of ``os.walk(d)``, ``os.listdir(d)``,
``d.iterdir()``), a tool's other way to find it.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

CLI = '''\
from pathlib import Path


def find(*directories):
    """Find each migrations.py below the directories."""
    found = set()
    for directory in directories:
        found.update(Path(directory).rglob("migrations.py"))
    if not found:
        raise SystemExit("No migrations.py files found")
    return sorted(found)
'''
TESTS = """\
from pkg.cli import find


def test_find(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "migrations.py").write_text("STEPS = []\\n")
    assert [p.name for p in find(tmp_path)] == ["migrations.py"]
"""


def test_a_file_name_a_command_searches_for_below_its_arguments_is_left(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/migrations.py": "class Migrations:\n    pass\n",
            "pkg/cli.py": CLI,
            "tests/test_cli.py": TESTS,
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**", "pkg/cli.py"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["path"], r["line"], r["kind"], r["action"]) for r in rename["references"]}
    assert kinds == {
        ("pkg/cli.py", 5, "joined-file-name", "follow-up"),
        ("pkg/cli.py", 8, "joined-file-name", "follow-up"),
        ("pkg/cli.py", 10, "joined-file-name", "follow-up"),
    }

    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)

    assert (repo / "pkg/cli.py").read_text() == CLI
    follow_ups = [f["detail"].partition(": manual")[0] for b in done["batches"] for f in b["manual_follow_up"]]
    assert follow_ups == ["pkg/cli.py:5", "pkg/cli.py:8", "pkg/cli.py:10"]
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: Each spelling of a search below a directory that is neither the package's nor a temporary one, in a file of its
#: own (every other mention of the name in such a file is listed too); the last line searches: a glob, or a
#: comparison with a directory's listing (planner/searched_file_names.py).
SEARCHES = {
    "glob": 'def test_a(d):\n    sorted(d.glob("main.py"))\n',
    "rglob": 'from pathlib import Path\n\n\ndef test_a(d):\n    list(Path(d).rglob("main.py"))\n',
    "root_dir": 'import glob\n\n\ndef test_a(d):\n    glob.glob("main.py", root_dir=d)\n',
    "iglob": 'from glob import iglob\n\n\ndef test_a(d):\n    list(iglob("main.py", root_dir=d, recursive=True))\n',
    "rglob_keyword": 'def test_a(d):\n    list(d.rglob(pattern="main.py"))\n',
    "walk": 'import os\n\n\ndef test_a(d):\n    for root, dirs, files in os.walk(d):\n        assert "main.py" in files\n',
    "walk_items": "import os\n\n\ndef test_a(d):\n    for _, _, files in os.walk(d):\n        for f in files:\n"
    '            assert f != "main.py"\n',
    "listdir": 'import os\n\n\ndef test_a(d):\n    assert "main.py" in sorted(os.listdir(d))\n',
    "scandir": 'import os\n\n\ndef test_a(d):\n    assert [e for e in os.scandir(d) if e.name == "main.py"]\n',
    "iterdir": 'def test_a(d):\n    for p in d.iterdir():\n        assert p.name == "main.py"\n',
    # review30 N1: a listing held by a name, a glob's entries, a name matched rather than compared
    "listing_held": 'import os\n\n\ndef test_a(d):\n    names = sorted(os.listdir(d))\n    assert "main.py" in names\n',
    "rglob_entries": 'def test_a(d):\n    assert [p for p in d.rglob("*.py") if p.name == "main.py"]\n',
    "endswith": 'import os\n\n\ndef test_a(d):\n    assert [f for f in os.listdir(d) if f.endswith("main.py")]\n',
    "fnmatch": 'import fnmatch\nimport os\n\n\ndef test_a(d):\n    assert fnmatch.filter(os.listdir(d), "main.py")\n',
    "fnmatch_entry": "import fnmatch\n\n\ndef test_a(d):\n    for p in d.iterdir():\n"
    '        assert fnmatch.fnmatch(p.name, "main.py")\n',
    "listing_eq": 'import os\n\n\ndef test_a(d):\n    assert sorted(os.listdir(d)) == ["main.py"]\n',
}
#: Below the package's own directory the name is its module's file, rewritten; ``glob.glob("main.py")`` searches the
#: working directory (a run from the package's directory), read as before: the module's file by its bare name.
OWN_SEARCHES = """\
import glob
import os
from pathlib import Path

import pkg

HERE = Path(pkg.__file__).parent
MAIN = sorted(HERE.glob("main.py"))
ALSO = list(Path(pkg.__file__).parent.rglob("main.py"))
CWD = glob.glob("main.py")
LISTED = "main.py" in os.listdir(os.path.dirname(pkg.__file__))
"""
NEW = "WF1_V7_L1_1of1_main.py"


def test_every_spelling_of_a_search_below_another_directory_is_left(cli: Invoke, tmp_path: Path) -> None:
    files = {f"tests/test_{name}.py": code for name, code in SEARCHES.items()}
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/main.py": "def run():\n    return 1\n",
            **files,
            "tests/test_own.py": OWN_SEARCHES,
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["path"], r["line"], r["kind"]) for r in rename["references"] if "tests/" in r["path"]}
    assert kinds == {
        *((path, code.count("\n"), "joined-file-name") for path, code in files.items()),
        ("tests/test_own.py", 8, "file-name"),
        ("tests/test_own.py", 9, "file-name"),
        ("tests/test_own.py", 10, "file-name"),
        ("tests/test_own.py", 11, "file-name"),
    }

    cli(repo, "--json", "apply", "--all", "--no-tests")

    assert {path: (repo / path).read_text() for path in files} == files
    assert (repo / "tests/test_own.py").read_text() == OWN_SEARCHES.replace('"main.py"', f'"{NEW}"')
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
