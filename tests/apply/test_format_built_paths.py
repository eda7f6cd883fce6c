"""A module path an import builds with ``str.format`` (issue 13, breaker's finding 5): ``"{}.{}".format(__package__,
"m2")``, ``"{0}.{1}".format(__name__, "beta")``, ``"{pkg}.{name}".format(pkg=__name__, name=name)`` with ``name`` one
of a constant tuple. The ``%``, ``".".join`` and ``+`` spellings were ``computed-import`` references whose old paths a
shim kept; this one was not listed, and after ``apply --all`` the import raised ``ModuleNotFoundError``. Its parts
are read as the others' are (planner/computed_names.py's ``format_parts``): where every part is known the path folds
(planner/computed_paths.py) and apply rewrites the literal that holds the module's name (``computed-path``); with a
name from a constant tuple it is the same ``computed-import``, kept alive by a shim.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
INIT = """\
import importlib

KINDS = ("gamma", "delta")


def load_beta():
    return importlib.import_module("{0}.{1}".format(__name__, "beta"))


def load(name):
    if name in KINDS:
        return importlib.import_module("{pkg}.{name}".format(pkg=__name__, name=name))
"""
LOADER = """\
import importlib


def sibling():
    return importlib.import_module("{}.{}".format(__package__, "alpha"))
"""
SUITE = """\
import pkg
from pkg import loader


def test_format_paths():
    assert loader.sibling().A == 1 and pkg.load_beta().B == 2
    assert pkg.load("gamma").G == 3 and pkg.load("delta").D == 4
"""


def test_a_path_built_with_str_format_keeps_its_module_alive(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": INIT,
            "pkg/loader.py": LOADER,
            "pkg/alpha.py": "A = 1\n",
            "pkg/beta.py": "B = 2\n",
            "pkg/gamma.py": "G = 3\n",
            "pkg/delta.py": "D = 4\n",
            "tests/test_format.py": SUITE,
        }
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (r["old_module"], ref["path"], ref["line"], ref["kind"], ref["action"]) for r, ref in plan_references(plan)
    }
    assert found == {
        ("pkg.alpha", "pkg/loader.py", 5, "computed-path", "rewrite"),
        ("pkg.beta", "pkg/__init__.py", 7, "computed-path", "rewrite"),
        ("pkg.gamma", "pkg/__init__.py", 12, "computed-import", "keep-old-path"),
        ("pkg.delta", "pkg/__init__.py", 12, "computed-import", "keep-old-path"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/gamma.py").read_text().startswith("G = 3")  # a shim at the old path
    assert not (repo / "pkg/alpha.py").exists()  # its path is rewritten: no shim
    assert 'format(__package__, "WF1_' in next(repo.glob("pkg/WF*_loader.py")).read_text()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
