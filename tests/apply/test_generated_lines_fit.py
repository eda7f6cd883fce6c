"""Every line Guardian writes into a project fits in 79 columns, whatever the module names' lengths
(issue 13: realJ's pylint 4.1.5 checks its own source at 100 columns, flake8's default is 79; a shim's
docstring, its pytest mark and the root conftest's ``collect_ignore`` line reached 275 columns).

A package with long dotted names is renamed with ``--shims``: a warning shim, a silent one (a lazy
``__getattr__`` reaches the old path), a program's shim and the conftest that keeps pytest off them.
Each generated line fits; the old paths still import (and run, ``python -m OLD``); the suite collects;
``guardian retire`` removes every generated file and line, and ``revert`` gives the shims back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.collect_ignore import find_ignored, strip_ignored, with_ignored
from codemods.shims import find_shims, shim_source
from guardian.tracking import CheckRecord, open_tracker
from planner.config import Config

WIDTH = 79
PKG = "a_package_whose_name_is_long_enough_to_matter/and_a_subpackage_named_at_some_length"
DOTTED = PKG.replace("/", ".")
INIT = """\
import importlib

_LAZY = {"reached_lazily_through_the_getattr_table"}
_MORE = set()


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
"""
TABLES = {  # the lazy table becomes a mapping (codemods/lazy_table.py), or gets the new names beside the old
    "a mapping": INIT,
    "new names beside": INIT.replace("if name in _LAZY:", "if name in _LAZY | _MORE:"),
}
PROGRAM = """\
import sys


def main(argv):
    print("ran", argv)


if __name__ == "__main__":
    main(sys.argv[1:])
"""
MODULES = {
    "the_original_module_whose_own_name_is_long_as_well": "VALUE = 1\n",
    "reached_lazily_through_the_getattr_table": "VALUE = 2\n",
    "a_program_run_with_python_dash_m_by_its_long_path": PROGRAM,
}
TEST = f"""\
import {DOTTED}.the_original_module_whose_own_name_is_long_as_well as plain
from {DOTTED} import reached_lazily_through_the_getattr_table as lazy


def test_values():
    assert plain.VALUE + lazy.VALUE == 3
"""


def _long_lines(repo: Path, paths: list[str]) -> list[str]:
    return [
        f"{path}:{number}: {len(line)} columns"
        for path in paths
        for number, line in enumerate((repo / path).read_text().splitlines(), 1)
        if len(line) > WIDTH
    ]


def _python(repo: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-W", "ignore", *args], cwd=repo, capture_output=True, text=True)
    return done.stdout + done.stderr[-500:]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_shims_and_conftest_of_long_names_fit_in_79_columns_and_retire(cli: Invoke, tmp_path: Path, table: str) -> None:
    files = {f"{PKG}/{name}.py": text for name, text in MODULES.items()}
    files |= {"a_package_whose_name_is_long_enough_to_matter/__init__.py": "", f"{PKG}/__init__.py": TABLES[table]}
    files |= {"tests/test_long.py": TEST, "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n'}
    files["guardian.toml"] += '[workflows]\n"a_package_whose_name_is_long_enough_to_matter/**" = 1\n'
    files["guardian.toml"] += "[retirement]\nstability_seconds = 0\n"
    repo = committed(write_files(tmp_path / "repo", files))
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests", "--shims")

    shims = sorted(f"{PKG}/{name}.py" for name in MODULES)
    assert all(find_shims((repo / path).read_text()) for path in shims)
    assert _long_lines(repo, [*shims, "conftest.py", f"{PKG}/__init__.py"]) == []
    assert find_ignored((repo / "conftest.py").read_text()) == [path for path in shims]
    program = f"{DOTTED}.a_program_run_with_python_dash_m_by_its_long_path"
    assert _python(repo, "-m", program, "x") == "ran ['x']\n"
    for name in MODULES:
        new = find_shims((repo / f"{PKG}/{name}.py").read_text())
        assert _python(repo, "-c", f"import {DOTTED}.{name} as o, {new} as n; print(o is n)") == "True\n"
    suite = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules"]
    done = subprocess.run([*suite, "tests", PKG], cwd=repo, capture_output=True, text=True)
    assert "1 passed" in done.stdout, done.stdout[-2000:]  # the shims are not collected

    tracker = open_tracker(repo, Config(root=repo))
    tracker.record_validation([CheckRecord("tests", "pass", "ok", {}, 0.1)])
    tracker.close()
    applied = snapshot(repo)
    done = json.loads(cli(repo, "--json", "retire").stdout)
    assert sorted(s["path"] for s in done["shims_removed"]) == shims
    assert done["collect_ignore_removed"] == ["conftest.py"]
    assert not any((repo / path).exists() for path in [*shims, "conftest.py"])
    cli(repo, "-q", "revert", done["batches"][0])
    assert snapshot(repo) == applied
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


OLD = ".".join(["a_first_package_part_of_some_length_in_columns"] * 4)
NEW = f"{OLD.rpartition('.')[0]}.WF1_V7_L13_1of9_the_new_module_name_that_is_very_long"


@pytest.mark.parametrize("warn", [True, False])
@pytest.mark.parametrize("program", [True, False])
def test_every_shim_line_fits_and_the_shim_is_found(warn: bool, program: bool) -> None:
    text = shim_source(OLD, NEW, warn=warn, program=program)
    assert [line for line in text.splitlines() if len(line) > WIDTH] == []
    compile(text, "old.py", "exec")
    assert find_shims(text) == NEW and find_shims(text.replace("\n", "\r\n")) == NEW
    assert find_shims(text.replace(f"{NEW.rpartition('.')[2]} as _target", "other as _target")) is None


def test_every_collect_ignore_line_fits_and_is_found_and_stripped() -> None:
    paths = [OLD.replace(".", "/") + ".py", "pkg/a.py", "/".join(["x" * 90, "y.py"])]
    user = 'collect_ignore = ["setup.py"]\r\n'
    text, _ = with_ignored(user, paths)
    assert [line for line in text.splitlines() if len(line) > WIDTH] == []
    assert find_ignored(text) == sorted(paths)
    namespace: dict[str, object] = {}
    exec(text, namespace)
    assert namespace["collect_ignore"] == ["setup.py", *sorted(paths)]
    assert with_ignored(text, ["pkg/a.py"])[0] == text and strip_ignored(text) == user


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_binding_line_fits_and_retire_removes_it(newline: str) -> None:
    """``from . import (  # guardian-binding: ...`` (codemods/old_name_bindings.py): the marker on the
    import's first line, ``as OLD`` on its own line when the names are long; one loaded conditionally."""
    from codemods.old_name_bindings import add_bindings, find_bindings, strip_bindings

    old, loaded = "a_submodule_whose_own_name_is_rather_long", "another_one_loaded_by_a_sibling_module"
    new = {name: f"WF1_V7_L13_1of9_{name}" for name in (old, loaded, "short")}
    source = f"from .{new[old]} import *{newline}from .{new['short']} import *{newline}"
    code, edits = add_bindings(source, "pkg/__init__.py", "pkg", {o: new[o] for o in (old, loaded, "short")})
    assert [line for line in code.splitlines() if len(line) > WIDTH] == []
    compile(code, "pkg/__init__.py", "exec")
    assert newline == "\n" or "\r\n" in code and "\n" not in code.replace("\r\n", "")
    assert sorted(find_bindings(code)) == sorted([old, loaded, "short"])
    lines = code.splitlines()
    assert all("# guardian-binding:" in lines[int(str(e["line"])) - 1] for e in edits if e["old"] != loaded)
    assert strip_bindings(code) == source


def test_the_binding_line_an_earlier_guardian_wrote_is_still_found_and_removed() -> None:
    from codemods.old_name_bindings import BINDING_COMMENT, find_bindings, strip_bindings

    source = f"import os\nfrom . import WF1_sub as sub  {BINDING_COMMENT}\nX = 1\n"
    assert find_bindings(source) == ["sub"] and strip_bindings(source) == "import os\nX = 1\n"
