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
    found = [(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"] if "dynamic-import" in h["kind"]]
    # ``KNOWN``'s names are constants: ``"pkg.m1"`` is a string the scan lists and apply rewrites. The five calls
    # are one hazard: the file's first such line, then the others and the count, and each name's spelling
    assert found == [("unknown-dynamic-import", "pkg", "pkg/loader.py", 11)]
    detail = plan["hazards"][0]["detail"]
    assert detail.startswith("pkg/loader.py:11 (and line 15, 19, 23, 27: 5 calls) imports a module by a name")
    assert "(`f(x)`, `name`, `names[0]`, `spec.path`)" in detail
    assert "it can reach any of pkg's 5 modules" in detail
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


LISTED = """\
import importlib
import os
import pkgutil

import pkg


def test_walk():
    names = [info.name for info in pkgutil.walk_packages(pkg.__path__, "pkg.")]
    for name in names:
        importlib.import_module(name)


def test_iter():
    for _, name, _ in pkgutil.iter_modules(pkg.__path__, "pkg."):
        importlib.import_module(name)


def test_listdir():
    here = os.path.dirname(pkg.__file__)
    names = ["pkg." + entry[:-3] for entry in os.listdir(here) if entry.endswith(".py")]
    for name in names:
        importlib.import_module(name.removesuffix(".__init__"))
"""


def test_a_name_drawn_from_a_listing_is_no_unknown_import(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``pkgutil.walk_packages(pkg.__path__, "pkg.")``'s names given to ``import_module`` (sample_repo's
    tests/test_package.py, the README's walkthrough), ``iter_modules``' tuples, ``os.listdir`` of the package's
    directory: after apply the listing gives the new names, so nothing is lost (a known prefix stays an
    ``unresolved-dynamic-import``, kept by shims). On main the first was an
    ``unknown-dynamic-import`` hazard (noise a new user sees first); now none of them is."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "tests/test_listed.py": LISTED,
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("3 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [h for h in plan["hazards"] if h["kind"] == "unknown-dynamic-import"] == []
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("3 passed")


def test_many_unknown_imports_in_one_file_are_one_hazard(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """30 loader functions ``def f(name): return importlib.import_module(name)`` in one file (review29's perf/p5:
    20,000 gave 20,000 hazards) are one hazard per package that keeps the count and shows the first lines."""
    loaders = "".join(f"\n\ndef f{n}(name):\n    return importlib.import_module(name)\n" for n in range(30))
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/loaders.py": "import importlib\n" + loaders,
        }
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = [h for h in plan["hazards"] if h["kind"] == "unknown-dynamic-import"]
    assert [(h["module"], h["path"], h["line"]) for h in found] == [("pkg", "pkg/loaders.py", 5)]
    assert found[0]["detail"].startswith("pkg/loaders.py:5 (and line 9, 13, 17, 21 and 25 more: 30 calls) imports")
