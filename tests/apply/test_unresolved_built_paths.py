"""A module path built from a package of the checkout and a part whose values this file does not know, given to
any call (issue 13, filelock 4.3.2): a test helper ``patch_strict_clock(mocker, "_scan", ...)`` patched
``f"filelock._soft._strict.{module}.time"``, ``module`` passed from other files. Nothing was listed, and after
the rename ``mock.patch`` could not import ``filelock._soft._strict._scan`` (12 tests lost). Each module directly
below the package is an ``unresolved-import`` now, with an ``unresolved-dynamic-import`` hazard naming the
package, and keeps its old path alive with a silent shim (the shim is the module object: patching ``.time`` on
it patches the renamed module). The prefix must be a literal package path ending with the dot right before the
unknown part: ``f"{__name__}.{x}"``, ``f"pkg.sub.x{y}"``, a message (``f"pkg.sub.{x} failed"``) and a logger's
name are no reference. A file whose only mention is ``"pkg." + name`` is read too (the screen of
planner/dynamic_screen.py takes ``pkg.`` before a quote, ``{`` or ``%``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
CLOCK = "import time\n\n\ndef stamp():\n    return time.time()\n"
HELPERS = """\
import importlib
import logging
import pkgutil
from unittest import mock


def patch_clock(name, value):
    patcher = mock.patch(f"pkg.sub.{name}.time")
    clock = patcher.start()
    clock.time.return_value = value
    return patcher


def spellings(name):
    return [
        "pkg.sub." + name,
        "pkg.sub.%s" % name,
        ".".join(["pkg.sub", name]),
        pkgutil.resolve_name(f"pkg.sub.{name}:stamp"),
    ]


def not_paths(name, prefix):
    logging.getLogger(f"pkg.sub.{name}")
    return [f"{__name__}.{name}", f"pkg.sub.x{name}", f"pkg.sub.{name} failed", f"{prefix}.{name}"]
"""
TOP = """\
from unittest import mock


def patch_tool(name, value):
    return mock.patch("pkg." + name + ".VALUE", value)
"""
SUITE = """\
from helpers import patch_clock
from top import patch_tool

from pkg.tool import value
from pkg.sub._scan import stamp as scan_stamp
from pkg.sub._walk import stamp as walk_stamp


def test_scan_clock_is_patched_by_its_module_name():
    patcher = patch_clock("_scan", 42.0)
    try:
        assert scan_stamp() == 42.0
    finally:
        patcher.stop()


def test_walk_clock_is_patched_by_its_module_name():
    patcher = patch_clock("_walk", 7.0)
    try:
        assert walk_stamp() == 7.0
    finally:
        patcher.stop()


def test_tool_value_is_patched_by_its_module_name():
    with patch_tool("tool", 2):
        assert value() == 2
"""


def test_a_path_built_on_a_package_with_an_unknown_part_keeps_its_modules_alive(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/tool.py": "VALUE = 1\n\n\ndef value():\n    return VALUE\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/_scan.py": CLOCK,
            "pkg/sub/_walk.py": CLOCK,
            "tests/conftest.py": "import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).parent))\n",
            "tests/helpers.py": HELPERS,
            "tests/top.py": TOP,
            "tests/test_clock.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (r["old_module"], ref["line"], ref["kind"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["path"].startswith("tests/")
    }
    lines = (8, 16, 17, 18, 19)
    assert found == {
        (module, line, "unresolved-import", "keep-old-path")
        for module in ("pkg.sub._scan", "pkg.sub._walk")
        for line in lines
    } | {("pkg.tool", 5, "unresolved-import", "keep-old-path")}
    hazards = [h for h in plan["hazards"] if h["kind"] == "unresolved-dynamic-import"]
    assert sorted((h["path"], h["line"], h["module"]) for h in hazards) == [
        *(("tests/helpers.py", line, "pkg.sub") for line in lines),
        ("tests/top.py", 5, "pkg"),
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/sub/_scan.py").read_text().startswith("import time")  # the shim, not the module
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
