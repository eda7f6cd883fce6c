"""A dotted module path split at a dot over an implicit concatenation (review28's F1):
``importlib.import_module("pkg." "m1")`` is one string to the plan, which lists an ``importlib`` rewrite, but
the apply's screen (codemods/refs.py ``_candidates``) gave the string pass only files whose bytes spell
``pkg.m1``. A file with no other mention of the module was never read: apply left the call and after the rename
it raised ModuleNotFoundError. The screen also lets through a file where a string part ends with a renamed
module's parent package and its dot (``"pkg."``, ``'pkg.sub.'``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
LOADER = """\
import importlib


def d():
    return importlib.import_module("pkg." "m1").V


def e():
    return importlib.import_module('pkg.sub.' 'm2').V
"""
SUITE = """\
from pkg import loader


def test_split():
    assert (loader.d(), loader.e()) == (1, 2)
"""


def test_a_path_split_at_a_dot_is_rewritten_as_the_plan_lists(
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
    renames = {r["old_module"]: r for r in plan_renames(plan)}
    found = {
        (old, ref["line"], ref["kind"], ref["action"])
        for old, r in renames.items()
        for ref in r["references"]
        if ref["kind"] == "importlib"
    }
    assert found == {("pkg.m1", 5, "importlib", "rewrite"), ("pkg.sub.m2", 9, "importlib", "rewrite")}
    new = {old: renames[old]["new_module"].rpartition(".")[2] for old in ("pkg.m1", "pkg.sub.m2")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert after == LOADER.replace('"pkg." "m1"', f'"pkg." "{new["pkg.m1"]}"').replace(
        "'pkg.sub.' 'm2'", f"'pkg.sub.' '{new['pkg.sub.m2']}'"
    )
    assert own_suite(repo).startswith("1 passed")


UNWRITTEN = """\
import importlib


def d():
    return importlib.import_module("pkg." "\\x6d1").V


def e():
    return importlib.import_module(r"pkg." "m1").V
"""
UNWRITTEN_SUITE = """\
from pkg import loader


def test_unwritten():
    assert (loader.d(), loader.e()) == (1, 1)
"""


def test_a_concatenation_apply_leaves_keeps_the_old_path(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``"pkg." "\\x6d1"`` (a backslash) and ``r"pkg." "m1"`` (raw and plain): the string pass rewrites only parts
    whose text is their value (codemods/concatenated_strings.py), so the plan lists them ``computed-import``, the
    old path kept by a shim, not a rewrite apply would not make (review28's F2)."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "pkg/loader.py": UNWRITTEN,
            "tests/test_loader.py": UNWRITTEN_SUITE,
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    (rename,) = [r for r in plan_renames(plan) if r["old_module"] == "pkg.m1"]
    found = {(ref["line"], ref["kind"], ref["action"]) for ref in rename["references"] if ref["line"] in (5, 9)}
    assert found == {(5, "computed-import", "keep-old-path"), (9, "computed-import", "keep-old-path")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert next(repo.glob("pkg/WF*_loader.py")).read_text() == UNWRITTEN
    assert (repo / "pkg/m1.py").exists()  # the shim
    assert own_suite(repo).startswith("1 passed")


PATCHED = """\
from unittest import mock

import pkg.m1


def test_plain():
    with mock.patch("pkg." "m1.V", 5):
        assert pkg.m1.V == 5


def test_escaped():
    with mock.patch("pkg." "\\x6d1.V", 6):
        assert pkg.m1.V == 6


def test_raw_and_plain():
    with mock.patch(r"pkg." "m1.V", 7):
        assert pkg.m1.V == 7
"""


def test_a_concatenation_a_patch_is_given_is_rewritten_or_keeps_the_old_path(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """Any call that takes a module path reads a concatenation as the import calls do: ``mock.patch("pkg." "m1.V")``
    was listed as a rewrite and apply's screen (codemods/string_prefilter.py) never parsed the file, whose bytes
    spell no ``pkg.m1``; ``"pkg." "\\x6d1.V"`` and ``r"pkg." "m1.V"`` were listed as rewrites apply does not make.
    Now the first is rewritten over its parts, the others are ``computed-import``, the old path kept by a shim (the
    same module object, which the patch reaches)."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/m1.py": "V = 1\n",
            "tests/test_patched.py": PATCHED,
        }
    )
    committed(repo)
    assert own_suite(repo).startswith("3 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    (rename,) = [r for r in plan_renames(plan) if r["old_module"] == "pkg.m1"]
    found = {(ref["line"], ref["kind"], ref["action"]) for ref in rename["references"] if ref["line"] > 3}
    assert found == {
        (7, "mock.patch", "rewrite"),
        (12, "computed-import", "keep-old-path"),
        (17, "computed-import", "keep-old-path"),
    }
    new = rename["new_module"].rpartition(".")[2]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "tests/test_patched.py").read_text() == PATCHED.replace(
        '"pkg." "m1.V", 5', f'"pkg." "{new}.V", 5'
    ).replace("pkg.m1", f"pkg.{new}")
    assert (repo / "pkg/m1.py").exists()  # the shim
    assert own_suite(repo).startswith("3 passed")


KEPT = """\
import sys

PATH = ("pkg." "\\x6d1.V")
KEY = sys.modules.get("pkg." "\\x6d1")
TABLE = {"pkg." r"m1": 1}
"""


def test_a_whole_path_or_module_key_apply_leaves_keeps_the_old_path(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """The same concatenations as a whole dotted string or a module key (planner/module_keys.py) were listed as
    ``string`` and ``sys.modules`` rewrites apply does not make: ``computed-import``, the old path kept by a shim."""
    repo = write_tree({"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/m1.py": "V = 1\n", "pkg/kept.py": KEPT})
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    (rename,) = [r for b in plan["batches"] for r in b["renames"] if r["old_module"] == "pkg.m1"]
    found = {(ref["line"], ref["kind"], ref["action"]) for ref in rename["references"] if ref["path"] == "pkg/kept.py"}
    assert found == {(line, "computed-import", "keep-old-path") for line in (3, 4, 5)}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert next(repo.glob("pkg/WF*_kept.py")).read_text() == KEPT
    assert (repo / "pkg/m1.py").exists()  # the shim
