"""A module whose file the package finds by a file name it builds keeps its name (issue 13, vulture).

vulture reads a whitelist for each imported module by a name it builds, ``Path("whitelists") / (import_name
+ "_whitelist.py")``, with ``pkgutil.get_data``: the file is read, not imported. Renamed, the whitelists were
no longer found, and vulture reported the names they list as unused (its ``test_tests`` lost). Such a module is
kept now, listed under the plan's ``kept`` with the file and line that build the name
(planner/built_file_names.py); the module that builds it is renamed as any other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

# the shape of vulture's core.py: a data file per imported name, its name built around the name
CORE = """\
import pkgutil
from pathlib import Path


def listed(name):
    path = Path("lists") / (name + "_list.py")
    try:
        data = pkgutil.get_data("pkg", str(path))
    except OSError:
        return "none"
    return data.decode().strip()
"""


def test_a_module_found_by_a_built_file_name_keeps_its_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/core.py": CORE,
            "pkg/lists/ast_list.py": "visit_Name = 1\n",
            "pkg/lists/sys_list.py": "argv = 1\n",
            "pkg/helpers.py": "def helper():\n    return 2\n",
            "use.py": "from pkg.core import listed\n\nprint(listed('ast'), listed('sys'), listed('os'))\n",
        },
    )
    committed(repo)
    original = snapshot(repo)

    def use() -> str:
        done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
        return done.stdout + done.stderr.strip().rpartition("\n")[2]

    assert use() == "visit_Name = 1 argv = 1 none\n"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(r["old"] for r in plan_renames(plan)) == ["pkg/core.py", "pkg/helpers.py"]
    reason = "found by name by pkg/core.py:6, which builds the file name `*_list.py` (read by that name)"
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/lists/ast_list.py": reason,
        "pkg/lists/sys_list.py": reason,
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg/lists/ast_list.py").exists() and not (repo / "pkg/core.py").exists()
    assert use() == "visit_Name = 1 argv = 1 none\n"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_file_names_a_string_builds_around_a_value() -> None:
    from planner.read_facts import extract

    def read(source: str) -> list[str]:
        return sorted(k for k in extract(source, "pkg/mod.py").bound_names if k.startswith("built-file:"))

    assert read('p = Path("w") / (name + "_whitelist.py")\n') == ["built-file:*_whitelist.py"]
    assert read('p = f"{base}/plugins/{name}_plugin.py"\n') == ["built-file:*_plugin.py"]
    assert read('p = "lists/" + kind + "_" + name + "_list.py"\n') == ["built-file:*_*_list.py"]
    assert read('p = "plugin_%s.py" % name\nq = "{}_hook.py".format(name)\n') == [
        "built-file:*_hook.py",
        "built-file:plugin_*.py",
    ]
    assert read('p = name + ".py"\nq = f"{d}/{n}.py"\nr = a + "_" + b + ".py"\n') == []  # by the value alone
    assert read('p = "setup" + ".py"\nq = f"reading {name}_list.py"\nr = base + "/main.py"\n') == []


def test_a_value_right_before_the_suffix_is_screened_in() -> None:
    """falcon 4.4.0's tests load ``f"examples/things{suffix}.py"``: the value stands right before ``.py``, and a
    file with no other such string was never read (the screen wanted a name's character there)."""
    from planner.read_facts import extract

    def read(source: str) -> list[str]:
        return sorted(k for k in extract(source, "tests/test_x.py").bound_names if k.startswith("built-file:"))

    assert read('m = load(f"examples/things{suffix}.py")\n') == ["built-file:things*.py"]
    assert read("m = load(f'examples/recipes/request_id_{kind}.py')\n") == ["built-file:request_id_*.py"]
    assert read('m = load("recipes/request_id_" + kind + ".py")\n') == ["built-file:request_id_*.py"]
    assert read('m = load("recipes/plugin_{}.py".format(kind))\n') == ["built-file:plugin_*.py"]
    assert read('m = load(f"{d}/{n}.py")\nq = "{}.py".format(n)\n') == []  # by the value alone


# falcon's tests: example files loaded from paths they build, the value right before ``.py``
TESTS = """\
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load(path):
    spec = importlib.util.spec_from_file_location(path[:-3].replace("/", "."), ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("suffix", ["", "_asgi"])
def test_things(suffix):
    assert load(f"examples/things{suffix}.py").APP == "things" + suffix


def test_recipe():
    kind = "header"
    assert load("examples/recipes/request_id_" + kind + ".py").MIDDLEWARE == "header"
"""


def test_files_a_test_loads_by_built_paths_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "examples/__init__.py": "",
            "examples/things.py": 'APP = "things"\n',
            "examples/things_asgi.py": 'APP = "things_asgi"\n',
            "examples/quote.py": 'QUOTE = "q"\n',  # no built name matches it
            "examples/recipes/__init__.py": "",
            "examples/recipes/request_id_header.py": 'MIDDLEWARE = "header"\n',
            "tests/test_examples.py": TESTS,
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"examples/**" = 1\n',
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert _suite(repo).startswith("3 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(k["path"] for k in plan["kept"]) == [
        "examples/recipes/request_id_header.py",
        "examples/things.py",
        "examples/things_asgi.py",
    ]
    assert [r["old"] for r in plan_renames(plan)] == ["examples/quote.py"]

    cli(repo, "apply", "--all", "--no-tests")

    assert _suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def _suite(repo: Path) -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True).stdout.strip().rpartition("\n")[2]
