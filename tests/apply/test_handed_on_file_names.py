"""A name handed on by one helper to another that completes the file name, or to a helper imported under an alias,
keeps its module (issue 13).

``greet("greeter")`` in a test, whose helper ``greet(plugin)`` (tools/api.py) calls ``run_plugin(f"{plugin}_v1")``
(tools/loader.py), which builds ``PLUGINS / (name + ".py")``: the file name is built across two levels of call, and
planner/handed_file_names.py joined one level only; ``from tools.loader import run_plugin as rp`` then
``rp("solo")`` was not joined at all. Renamed, the plugins were not found (``FileNotFoundError``).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

LOADER = """\
import runpy
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def run_plugin(name):
    return runpy.run_path(str(PLUGINS / (name + ".py")))["greet"]()


def run_named(plugin):
    return run_plugin(plugin)
"""

API = """\
from tools import loader


def greet(plugin, greeting="hi"):
    return greeting + " " + loader.run_plugin(f"{plugin}_v1")
"""

TESTS = """\
from tools.api import greet
from tools.loader import run_named
from tools.loader import run_plugin as rp


def test_two_levels():
    assert greet("greeter") == "hi greeter"
    assert run_named("hello") == "hello"


def test_alias():
    assert rp("solo") == "solo"
"""


def _plugin(name: str) -> str:
    return f"def greet():\n    return {name!r}\n"


def test_a_name_handed_on_or_to_an_aliased_helper_keeps_its_module(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"plugins/**" = 1\n"tools/**" = 1\n',
            "tools/__init__.py": "",
            "tools/loader.py": LOADER,
            "tools/api.py": API,
            "plugins/greeter_v1.py": _plugin("greeter"),
            "plugins/hello.py": _plugin("hello"),
            "plugins/solo.py": _plugin("solo"),
            "plugins/other.py": _plugin("other"),  # handed to no helper: renamed
            "tests/__init__.py": "",
            "tests/test_plugins.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("plugins/")}
    assert kept == {
        "plugins/greeter_v1.py": "found by name by tests/test_plugins.py:7, which hands `greeter` to `greet` "
        "(tools/api.py:5, which hands it on to `run_plugin`, tools/loader.py:8), which builds the file name "
        "`greeter_v1.py` from it (read by that name)",
        "plugins/hello.py": "found by name by tests/test_plugins.py:8, which hands `hello` to `run_named` "
        "(tools/loader.py:12, which hands it on to `run_plugin`, tools/loader.py:8), which builds the file name "
        "`hello.py` from it (read by that name)",
        "plugins/solo.py": "found by name by tests/test_plugins.py:12, which hands `solo` to `run_plugin` "
        "(tools/loader.py:8), which builds the file name `solo.py` from it (read by that name)",
    }
    renamed = sorted(r["old"] for b in plan["batches"] for r in b["renames"])
    assert renamed == ["plugins/other.py", "tools/api.py", "tools/loader.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "plugins/other.py").exists() and (repo / "plugins/solo.py").exists()
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
