"""A name handed to a helper of another file that completes it into a file name keeps its module (issue 13, falcon).

falcon 4.4.0's tests load recipes through a conftest helper, ``util.load_module('raw_url_path',
parent_dir='examples/recipes', suffix=app_kind)``, which builds ``f'{path.stem}_{suffix}.py'``: the stem is at the
call site, the rest in the helper, and the helper's glob alone (``*_*.py``) names nothing. Renamed, 6 of its tests
lost their recipe (``FileNotFoundError``). The plan now joins the call site's string (a literal, or a parametrized
test's values) to a helper the caller reaches (a conftest above it, a module it imports) and keeps each module
whose file name the completed name matches (planner/handed_file_names.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot, write_files

# the shape of falcon's tests/conftest.py: a fixture's object whose static method completes a stem
CONFTEST = """\
import importlib.util
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


class _Utils:
    @staticmethod
    def load_module(filename, parent_dir=None, suffix=None):
        filename = pathlib.Path(parent_dir) / filename if parent_dir else pathlib.Path(filename)
        path = ROOT / filename
        if suffix is not None:
            path = path.with_name(f"{path.stem}_{suffix}.py")
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


@pytest.fixture
def util():
    return _Utils()
"""

# a plain helper module of the package: the name handed to it is the file's stem
LOADER = """\
import runpy
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def run_plugin(name, greeting="hi"):
    return runpy.run_path(str(PLUGINS / (name + ".py")))["greet"](greeting)
"""

TESTS = """\
import pytest

from tools.loader import run_plugin


@pytest.mark.parametrize("recipe,head", [("csv_text", "text"), ("csv_stream", "stream")])
@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_csv(util, recipe, head, kind):
    assert util.load_module(recipe, parent_dir="examples/recipes", suffix=kind).HEAD == f"{head}-{kind}"


def test_raw_path(util):
    assert util.load_module("raw_path", parent_dir="examples/recipes", suffix="asgi").HEAD == "raw"


def test_plugin():
    assert run_plugin("greeter") == "hi!"
"""


KINDS = ("asgi", "wsgi")


def test_a_name_a_helper_of_another_file_completes_keeps_its_module(cli: Invoke, tmp_path: Path) -> None:
    recipes = {f"examples/recipes/csv_{h}_{k}.py": f'HEAD = "{h}-{k}"\n' for h in ("text", "stream") for k in KINDS}
    repo = write_files(
        tmp_path / "repo",
        {
            **recipes,
            "examples/__init__.py": "",
            "examples/recipes/__init__.py": "",
            "examples/recipes/raw_path_asgi.py": 'HEAD = "raw"\n',
            "examples/recipes/pretty_main.py": 'HEAD = "pretty"\n',  # handed to no helper: renamed
            "tools/__init__.py": "",
            "tools/loader.py": LOADER,
            "plugins/greeter.py": 'def greet(greeting):\n    return greeting + "!"\n',
            "plugins/other.py": "def greet(greeting):\n    return greeting\n",  # named by no call: renamed
            "tests/conftest.py": CONFTEST,
            "tests/test_recipes.py": TESTS,
            "guardian.toml": (
                'exempt = ["**/__init__.py", "**/conftest.py", "tests/**"]\n\n[workflows]\n"examples/**" = 1\n'
                '"plugins/**" = 1\n"tools/**" = 1\n'
            ),
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert _suite(repo) == "6 passed"
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", [])}
    assert sorted(kept) == [
        "examples/recipes/csv_stream_asgi.py",
        "examples/recipes/csv_stream_wsgi.py",
        "examples/recipes/csv_text_asgi.py",
        "examples/recipes/csv_text_wsgi.py",
        "examples/recipes/raw_path_asgi.py",
        "plugins/greeter.py",
    ]
    assert kept["examples/recipes/raw_path_asgi.py"] == (
        "found by name by tests/test_recipes.py:13, which hands `raw_path` to `load_module` (tests/conftest.py:15), "
        "which builds the file name `raw_path_*.py` from it (read by that name)"
    )
    assert kept["plugins/greeter.py"].startswith("found by name by tests/test_recipes.py:17, which hands `greeter`")
    renamed = sorted(r["old"] for b in plan["batches"] for r in b["renames"])
    assert renamed == ["examples/recipes/pretty_main.py", "plugins/other.py", "tools/loader.py"]

    cli(repo, "apply", "--all", "--no-tests")

    assert not (repo / "tools/loader.py").exists() and (repo / "plugins/greeter.py").exists()
    assert _suite(repo) == "6 passed"
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_helpers_and_the_names_handed_to_them() -> None:
    from planner.read_facts import extract

    def read(source: str, path: str = "tests/conftest.py") -> list[str]:
        return sorted(k for k in extract(source, path).bound_names if k.startswith("built-file-"))

    assert read(CONFTEST) == ["built-file-helper:load_module:0:filename:{stem}_*.py"]
    assert read(LOADER, "tools/loader.py") == ["built-file-helper:run_plugin:0:name:{}.py"]
    assert read("class T:\n    def load(self, stem, kind):\n        return open('d/%s_%s.py' % (stem, kind))\n") == [
        "built-file-helper:load:0:stem:d/{}_*.py",
        "built-file-helper:load:1:kind:d/*_{}.py",
    ]
    assert read('def f(name):\n    return "{}/main.py".format(name)\n') == []  # a directory, not the file's name
    assert read(TESTS, "tests/test_recipes.py") == [
        "built-file-call:run_plugin:0:greeter",
        "built-file-call:util.load_module:0:csv_stream",
        "built-file-call:util.load_module:0:csv_text",
        "built-file-call:util.load_module:0:raw_path",
        "built-file-call:util.load_module:=parent_dir:examples/recipes",
        "built-file-call:util.load_module:=suffix:asgi",
        "built-file-call:util.load_module:=suffix:wsgi",
    ]
    assert read('x = d.get("a_b")\ny = f("with space")\nz = g("*.py")\n', "m.py") == []


def _suite(repo: Path) -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    return done.stdout.strip().rpartition("\n")[2].partition(" in ")[0]
