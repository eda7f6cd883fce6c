"""An import call given a name nothing of which is known where it stands (fixheld hole 3): ``__import__(f(x))``,
``importlib.import_module(name)`` with ``name`` a parameter, ``import_module(spec.path)``, ``import_module(names[0])``,
``import_module(name + ".plugin")``. The plan listed nothing (silent: ``planner/dynamic_imports.py`` returned where
no part of the name was known), though such a call may be given a renamed module's old path by a caller, a setting
or another file. The issue asks the plan to say so and name what it can reach: a hazard ``unknown-dynamic-import``
with its ``path:line``, the name's spelling and the checkout's package it can reach. No shim (every module of the
package kept alive for each plugin loader would shim the checkout) and nothing rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
LOADER = """\
import importlib

KNOWN = ("json", "pkg.m1")


def f(x):
    return x


def by_call(x):
    return __import__(f(x))


def by_parameter(name):
    return importlib.import_module(name)


def by_attribute(spec):
    return importlib.import_module(spec.path)


def by_item(names):
    return importlib.import_module(names[0])


def by_suffix(name):
    return importlib.import_module(name + ".plugin")


def by_constants():
    return [importlib.import_module(name) for name in KNOWN]
"""
SUITE = """\
from pkg import loader


def test_loader():
    assert loader.by_parameter("json").dumps(1) == "1"
    assert loader.by_constants()[1].V == 1
"""


def test_an_import_of_a_name_not_known_here_is_a_hazard(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/m2.py": "V = 2\n",
            "pkg/loader.py": LOADER,
            "tests/test_loader.py": SUITE,
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (h["kind"], h["module"], h["path"], h["line"], h["detail"].partition("`")[2].partition("`")[0])
        for h in plan["hazards"]
        if "dynamic-import" in h["kind"]
    }
    assert found == {  # ``KNOWN``'s names are constants: ``"pkg.m1"`` is a string the scan lists and apply rewrites
        ("unknown-dynamic-import", "pkg", "pkg/loader.py", 11, "f(x)"),
        ("unknown-dynamic-import", "pkg", "pkg/loader.py", 15, "name"),
        ("unknown-dynamic-import", "pkg", "pkg/loader.py", 19, "spec.path"),
        ("unknown-dynamic-import", "pkg", "pkg/loader.py", 23, "names[0]"),
        ("unknown-dynamic-import", "pkg", "pkg/loader.py", 27, "name"),
    }
    assert all("it can reach any of pkg's 5 modules" in h["detail"] for h in plan["hazards"])
    references = [ref for b in plan["batches"] for r in b["renames"] for ref in r["references"]]
    assert {(ref["line"], ref["kind"]) for ref in references if ref["path"] == "pkg/loader.py"} == {(3, "string")}
    original = snapshot(repo)
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/m1.py").exists()  # no shim
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_prefix_imported_from_another_module_is_known(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``from pkg.consts import PKG`` (``PKG = "pkg"``) then ``import_module(PKG + ".m1")``, and ``import pkg.consts
    as c`` then ``c.PKG`` (review29 finding 6): on main only a constant of the same file was read, the hazard named
    the importing file's package (``tests``) and ``pkg.m1`` was renamed under the call (ModuleNotFoundError). A
    module-level name bound once to a string literal in the checkout's module it is imported from is known: the
    whole name is ``pkg.m1``, kept alive by a shim, and no hazard is due."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/consts.py": 'PKG = "pkg"\n',
            "pkg/m1.py": "V = 5\n",
            "pkg/m2.py": "V = 6\n",
            "tests/__init__.py": "",
            "tests/test_prefix.py": (
                "import importlib\nimport pkg.consts as c\nfrom pkg.consts import PKG\n\n\n"
                "def test_prefix():\n"
                '    assert importlib.import_module(PKG + ".m1").V == 5\n'
                '    assert importlib.import_module(f"{c.PKG}.m2").V == 6\n'
            ),
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [h for h in plan["hazards"] if "dynamic-import" in h["kind"]] == []
    original = snapshot(repo)
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
