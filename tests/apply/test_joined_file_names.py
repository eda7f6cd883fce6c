"""A bare file name joined onto another directory is no module's file (issue 13, uvicorn 0.55.0).

uvicorn's ``test_app_dir`` writes an application to ``tmp_path / "dir" / "app_dir" / "main.py"`` and loads it as
``"main:app"``. ``uvicorn/main.py`` is the checkout's only ``main.py``, so the string was taken for that module's
file by its bare name, rewritten, and the test lost its application. A bare file name that a path join puts
below a directory not taken from a ``__file__`` is listed for a person now (``joined-file-name``) and left, and
so is every other mention of it in that file (uvicorn's ``conftest.py`` builds a tree from ``("src",
["main.py"])`` and joins the root's ``main.py``: rewriting the list alone broke the reload tests); in a file that
joins it onto the module's own directory only (``Path(pkg.__file__).parent / "main.py"``) it is still rewritten.
Here the directories are a helper's parameter: below a temporary one (``tmp_path`` itself) the name is the test's own
file, neither listed nor rewritten (tests/apply/test_temporary_file_names.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

TESTS = """\
import importlib
import os
import sys
from pathlib import Path

import pkg

HERE = Path(pkg.__file__).parent


TREE = [("app", ["main.py"])]  # the tree the test builds


def application(where):
    app = where / "app" / "main.py"
    app.parent.mkdir()
    app.write_text("VALUE = 42\\n")
    return app, os.path.join(str(where), "main.py")


def test_an_application_of_its_own(tmp_path):
    assert TREE
    app, also = application(tmp_path)
    sys.path.insert(0, str(app.parent))
    try:
        assert importlib.import_module("main").VALUE == 42 and not os.path.exists(also)
    finally:
        sys.path.remove(str(app.parent))


"""
OWN = """\
from pathlib import Path

import pkg

HERE = Path(pkg.__file__).parent
LISTED = ["main.py"]


def test_the_packages_own_file():
    assert (HERE / "main.py").is_file()
    assert HERE.joinpath("main.py").is_file()
"""
NEW = "WF1_V7_L1_1of1_main.py"


def test_a_file_name_below_another_directory_is_left(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/main.py": "def run():\n    return 1\n",
            "tests/test_app.py": TESTS,
            "tests/test_own.py": OWN,
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["path"], r["line"], r["kind"], r["action"]) for r in rename["references"] if "tests/" in r["path"]}
    assert kinds == {
        ("tests/test_app.py", 11, "joined-file-name", "follow-up"),  # the file joins it onto other directories
        ("tests/test_app.py", 15, "joined-file-name", "follow-up"),
        ("tests/test_app.py", 18, "joined-file-name", "follow-up"),
        ("tests/test_own.py", 6, "file-name", "rewrite"),  # this file joins it onto the package's directory
        ("tests/test_own.py", 10, "file-name", "rewrite"),
        ("tests/test_own.py", 11, "file-name", "rewrite"),
    }

    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)

    assert (repo / "tests/test_app.py").read_text() == TESTS
    assert (repo / "tests/test_own.py").read_text() == OWN.replace('"main.py"', f'"{NEW}"')
    follow_ups = [f["detail"].partition(": manual")[0] for b in done["batches"] for f in b["manual_follow_up"]]
    assert follow_ups == ["tests/test_app.py:11", "tests/test_app.py:15", "tests/test_app.py:18"]
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: Each spelling of a path join in a file of its own (every other mention of a joined name in a file is listed
#: too, so one file per spelling): the last line joins ``main.py`` below a directory, none of them the package's
#: nor a temporary one (tests/apply/test_temporary_file_names.py).
JOINS = {
    "py_path": 'def test_a(d):\n    d.join("main.py").write("app = 1\\n")\n',
    "py_path_ensure": 'def test_a(d):\n    d.ensure("app", "main.py")\n',
    "bare_join": 'from os.path import join\n\n\ndef test_a(d):\n    join(str(d), "main.py")\n',
    "aliased_join": 'from os.path import join as pjoin\n\n\ndef test_a(d):\n    pjoin(d, "main.py")\n',
    "path_ctor": 'from pathlib import Path\n\n\ndef test_a(d):\n    Path(d, "main.py")\n',
    "pure_path": 'import pathlib\n\n\ndef test_a(d):\n    pathlib.PurePosixPath(d, "app", "main.py")\n',
    "posixpath": 'import posixpath\n\n\ndef test_a(d):\n    posixpath.join(d, "main.py")\n',
    "ntpath": 'import ntpath\n\n\ndef test_a(d):\n    ntpath.join(d, "main.py")\n',
    "starred": 'import os\n\n\ndef test_a(d):\n    os.path.join(*[d, "app", "main.py"])\n',
    "separator": 'import os\n\n\ndef test_a(d):\n    os.sep.join([d, "main.py"]) or "/".join((d, "main.py"))\n',
    "with_name": 'def test_a(d):\n    (d / "x.txt").with_name("main.py")\n',
}
#: The package's own directory, spelled the same ways: still the module's file, rewritten; and a string join that
#: is no path (a command line) names the module's file by its bare name as before.
OWN_JOINS = """\
import os
from os.path import join
from pathlib import Path

import pkg

HERE = os.path.dirname(pkg.__file__)
MAIN = join(HERE, "main.py")
ALSO = Path(os.path.dirname(pkg.__file__), "main.py")
COMMAND = " ".join(["python", "main.py"])
"""


def test_every_spelling_of_a_path_join_below_another_directory_is_left(cli: Invoke, tmp_path: Path) -> None:
    files = {f"tests/test_{name}.py": code for name, code in JOINS.items()}
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/main.py": "def run():\n    return 1\n",
            **files,
            "tests/test_own.py": OWN_JOINS,
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
    }

    cli(repo, "--json", "apply", "--all", "--no-tests")

    assert {path: (repo / path).read_text() for path in files} == files
    assert (repo / "tests/test_own.py").read_text() == OWN_JOINS.replace('"main.py"', f'"{NEW}"')
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: natsort 8.4.0's ``dev/generate_new_unicode_numbers.py`` writes ``os.path.join(cwd, "natsort",
#: "unicode_numeric_hex.py")`` (run from the root): the literal parts spell the module's own path, which a path's
#: tail names (``.../natsort/unicode_numeric_hex.py``), and it was listed as joined onto another directory.
SPELLED = """\
import os
from pathlib import Path

cwd = os.getcwd()
TARGET = os.path.join(cwd, "pkg", "main.py")
ALSO = Path(cwd) / "src" / "pkg" / "main.py"
"""
OTHER = 'import os\n\nVENDORED = os.path.join(os.getcwd(), "vendor", "pkg2", "main.py")\n'


def test_a_join_whose_literal_parts_spell_the_modules_path_names_its_file(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "src/pkg/__init__.py": "",
            "src/pkg/main.py": "def run():\n    return 1\n",
            "tools/regen.py": SPELLED,
            "tools/other.py": OTHER,
            "guardian.toml": 'source_roots = ["src"]\nexempt = ["**/__init__.py", "tools/**"]\n\n'
            '[workflows]\n"src/pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["path"], r["line"], r["kind"]) for r in rename["references"] if "tools/" in r["path"]}
    assert kinds == {
        ("tools/regen.py", 5, "file-name"),
        ("tools/regen.py", 6, "file-name"),
        ("tools/other.py", 3, "joined-file-name"),  # "vendor/pkg2/main.py": another directory's
    }
    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert (repo / "tools/regen.py").read_text() == SPELLED.replace('"main.py"', f'"{NEW}"')
    assert (repo / "tools/other.py").read_text() == OTHER
    follow_ups = [f["detail"].partition(": manual")[0] for b in done["batches"] for f in b["manual_follow_up"]]
    assert follow_ups == ["tools/other.py:3"]
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: execnet 2.1.2's ``script/loop_socketserver.py``, run as a script: ``sys.argv[0]`` is its own file, so the file
#: name joined onto its directory is the sibling module's (``socketserver.py``), rewritten as ``__file__``'s is.
LOOP = """\
import os
import sys

if __name__ == "__main__":
    directory = os.path.dirname(os.path.abspath(sys.argv[0]))
    script = os.path.join(directory, "server.py")
    print(open(script).read().strip())
"""
#: A module that is no script (no ``if __name__ == "__main__":``): ``sys.argv[0]`` is whichever program imported it.
LIBRARY = """\
import os
import sys

PROGRAM = os.path.join(os.path.dirname(sys.argv[0]), "server.py")
"""


def test_a_file_name_joined_onto_a_scripts_own_directory_is_its_sibling(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/tools/__init__.py": "",
            "pkg/tools/loop.py": LOOP,
            "pkg/tools/server.py": "SERVER = 1\n",
            "pkg/library.py": LIBRARY,
            "guardian.toml": 'exempt = ["**/__init__.py", "pkg/tools/loop.py"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [server] = [r for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/tools/server.py"]
    kinds = {(r["path"], r["line"], r["kind"]) for r in server["references"]}
    assert kinds == {("pkg/tools/loop.py", 6, "file-name"), ("pkg/library.py", 4, "joined-file-name")}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = Path(server["new"]).name
    assert (repo / "pkg/tools/loop.py").read_text() == LOOP.replace('"server.py"', f'"{new}"')
    done = subprocess.run([sys.executable, "pkg/tools/loop.py"], cwd=repo, capture_output=True, text=True)
    assert done.stdout == "SERVER = 1\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: pathvalidate 3.3.1's ``setup.py`` reads its version with ``open(os.path.join(MODULE_NAME, "__version__.py"))``
#: after ``MODULE_NAME = "pathvalidate"``: the directory is a name the file binds to one string, the package's,
#: so the join spells the module's path as a literal would; it was listed as joined onto another directory and
#: ``setup.py`` lost its file. A name bound to anything else (two strings, a call) is still no literal part.
NAMED = """\
import os

MODULE_NAME = "pkg"
info = {}
with open(os.path.join(MODULE_NAME, "main.py")) as f:
    exec(f.read(), info)
"""
NAMED_OTHER = """\
import os
import sys

WHERE = sys.argv[1]
DIR = "pkg"
DIR = "vendor"
print(os.path.join(WHERE, "main.py"), os.path.join(DIR, "main.py"))
"""


def test_a_join_below_a_name_bound_to_the_packages_path_names_its_file(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "pkg/__init__.py": "",
            "pkg/main.py": "VERSION = '1.0'\n",
            "setup.py": NAMED,
            "tools/other.py": NAMED_OTHER,
            "guardian.toml": 'exempt = ["**/__init__.py", "setup.py", "tools/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    [rename] = [r for b in plan["batches"] for r in b["renames"]]
    kinds = {(r["path"], r["line"], r["kind"]) for r in rename["references"]}
    assert kinds == {("setup.py", 5, "file-name"), ("tools/other.py", 7, "joined-file-name")}
    done = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert (repo / "setup.py").read_text() == NAMED.replace('"main.py"', f'"{NEW}"')
    assert (repo / "tools/other.py").read_text() == NAMED_OTHER
    follow_ups = [f["detail"].partition(": manual")[0] for b in done["batches"] for f in b["manual_follow_up"]]
    assert follow_ups == ["tools/other.py:7"]
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
