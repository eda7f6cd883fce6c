"""A dotted module path folded from a constant prefix and literal parts (issue 13, breaker's findings 3-8).

``runpy.run_module(PKG + ".m1")`` with ``PKG = "pkg"``, ``find_spec(f"{PKG}.m2")``, ``mock.patch(PREFIX + "VALUE")``
with ``PREFIX = "pkg.m7."``, ``[sys.executable, "-m", f"{__package__}.cli"]``, a ``dictConfig`` handler's ``"class"``,
an ``import_string`` of ``".".join([PKG, "backends", "Mem"])``, a default argument ``"pkg" + ".util"``: on main
nothing was listed and each failed after the rename (a shim cannot serve ``run_module`` or ``-m`` either: the shim
runs, not the module). The plan lists each as a ``computed-path`` rewrite on the line of the literal holding the
module's name, and apply rewrites that literal there: one rule (planner/computed_paths.py) for both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
MODULES = {f"pkg/m{n}.py": f"VALUE = {n}\nif __name__ == '__main__':\n    print('run{n}')\n" for n in range(1, 10)}


def _listed(cli: Invoke, repo: Path) -> set[tuple[str, str, int, str, str]]:
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    return {
        (r["old_module"], ref["path"], ref["line"], ref["kind"], ref["action"])
        for r, ref in plan_references(plan)
        if ref["kind"].startswith("computed-")
    }


def _round_trip(cli: Invoke, repo: Path, passed: str, listed: set[tuple[str, str, int, str, str]]) -> None:
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith(passed)
    assert _listed(cli, repo) == listed
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith(passed)
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


CALLS = """\
import importlib.util
import pkgutil
import runpy

PKG = "pkg"


def run():
    return runpy.run_module(PKG + ".m1")["VALUE"]


def spec():
    return importlib.util.find_spec(f"{PKG}.m2") is not None


def resolve():
    return pkgutil.resolve_name(PKG + ".m3:VALUE") + pkgutil.resolve_name("{}.m4.VALUE".format(PKG))


def sibling():
    return importlib.import_module(".".join(__name__.split(".")[:-1] + ["m5"])).VALUE
"""
CALLS_SUITE = """\
import runpy
from unittest import mock

import pkg.m6
import pkg.m7
from pkg import runner

P = "pkg"
PREFIX = "pkg.m7."


def test_calls():
    assert runner.run() == 1 and runner.spec() and runner.resolve() == 7 and runner.sibling() == 5


def test_patches(monkeypatch):
    monkeypatch.setattr(f"{P}.m6.VALUE", 60)
    with mock.patch(PREFIX + "VALUE", 70):
        assert pkg.m6.VALUE == 60 and pkg.m7.VALUE == 70


def test_run_module():
    assert runpy.run_module(f"pkg.{'m8'}")["VALUE"] == 8
"""


def test_paths_given_to_module_path_calls(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    """``run_module``, ``find_spec``, ``resolve_name``, ``import_module``, ``mock.patch``, ``monkeypatch.setattr``."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/runner.py": CALLS,
            **MODULES,
            "tests/test_calls.py": CALLS_SUITE,
        }
    )
    _round_trip(
        cli,
        repo,
        "3 passed",
        {
            ("pkg.m1", "pkg/runner.py", 9, "computed-path", "rewrite"),
            ("pkg.m2", "pkg/runner.py", 13, "computed-path", "rewrite"),
            ("pkg.m3", "pkg/runner.py", 17, "computed-path", "rewrite"),
            ("pkg.m4", "pkg/runner.py", 17, "computed-path", "rewrite"),
            ("pkg.m5", "pkg/runner.py", 21, "computed-path", "rewrite"),
            ("pkg.m6", "tests/test_calls.py", 17, "computed-path", "rewrite"),
            ("pkg.m7", "tests/test_calls.py", 9, "computed-path", "rewrite"),  # the literal ``PREFIX`` is bound to
            ("pkg.m8", "tests/test_calls.py", 23, "computed-path", "rewrite"),
        },
    )


CLI = """\
import subprocess
import sys

PKG = "pkg"


def run(n):
    module = {1: PKG + ".m1", 2: f"{__package__}.m2", 3: "%s.m3" % PKG}[n]
    return subprocess.run([sys.executable, "-m", module], capture_output=True, text=True).stdout


def run_cli():
    return subprocess.run([sys.executable, "-m", f"{__package__}.m4"], capture_output=True, text=True).stdout
"""
CLI_SUITE = """\
from pkg.cli import run, run_cli


def test_python_m():
    assert [run(1), run(2), run(3), run_cli()] == ["run1\\n", "run2\\n", "run3\\n", "run4\\n"]
"""


def test_paths_python_m_runs(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    """``[sys.executable, "-m", f"{__package__}.m4"]`` and paths folded into a table first: ``python -m`` runs the
    module by its path (a shim at the old path would run instead, printing nothing)."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG.replace('"tests/**"', '"tests/**", "pkg/cli.py"'),
            "pkg/__init__.py": "",
            "pkg/cli.py": CLI,
            **{k: v for k, v in MODULES.items() if k < "pkg/m5"},
            "tests/test_cli.py": CLI_SUITE,
        }
    )
    _round_trip(
        cli,
        repo,
        "1 passed",
        {
            ("pkg.m1", "pkg/cli.py", 8, "computed-path", "rewrite"),
            ("pkg.m2", "pkg/cli.py", 8, "computed-path", "rewrite"),
            ("pkg.m3", "pkg/cli.py", 8, "computed-path", "rewrite"),
            ("pkg.m4", "pkg/cli.py", 13, "computed-path", "rewrite"),
        },
    )


CONFIG_MODULE = """\
import importlib

PKG = __package__
LOGGING = {
    "version": 1,
    "handlers": {"mem": {"class": PKG + ".handlers.ListHandler"}},
    "loggers": {"folded": {"handlers": ["mem"], "level": "INFO"}},
}
BACKEND = ".".join([PKG, "backends", "Mem"])
BACKEND2 = "%s.backends.Mem" % PKG


def import_string(path):
    module, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def load_default(name="pkg" + ".util"):
    return importlib.import_module(name)
"""
CONFIG_SUITE = """\
import logging
import logging.config

from pkg import settings
from pkg.handlers import ListHandler


def test_dict_config():
    logging.config.dictConfig(settings.LOGGING)
    logging.getLogger("folded").info("hi")
    assert ListHandler.records == ["hi"]


def test_import_string():
    assert settings.import_string(settings.BACKEND).kind == settings.import_string(settings.BACKEND2).kind == "mem"


def test_default():
    assert settings.load_default().VALUE == 3
"""
HANDLERS = """\
import logging


class ListHandler(logging.Handler):
    records = []

    def emit(self, record):
        ListHandler.records.append(record.getMessage())
"""


def test_paths_held_as_data_then_resolved(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    """A ``dictConfig`` handler's ``"class"``, an ``import_string`` of a joined or ``%``-formatted path, a default
    argument: the path is folded where it is written, whoever resolves it later."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG.replace('"tests/**"', '"tests/**", "pkg/settings.py"'),
            "pkg/__init__.py": "",
            "pkg/settings.py": CONFIG_MODULE,
            "pkg/handlers.py": HANDLERS,
            "pkg/backends.py": 'class Mem:\n    kind = "mem"\n',
            "pkg/util.py": "VALUE = 3\n",
            "tests/test_settings.py": CONFIG_SUITE,
        }
    )
    _round_trip(
        cli,
        repo,
        "3 passed",
        {
            ("pkg.handlers", "pkg/settings.py", 6, "computed-path", "rewrite"),
            ("pkg.backends", "pkg/settings.py", 9, "computed-path", "rewrite"),
            ("pkg.backends", "pkg/settings.py", 10, "computed-path", "rewrite"),
            ("pkg.util", "pkg/settings.py", 18, "computed-path", "rewrite"),
        },
    )


def test_source_executed_over_a_literal_tuple(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    """``for _name in ("m1", "m2"): exec(f"from .{_name} import *")`` in a package's ``__init__`` (breaker's finding
    14): the source names ``pkg.m1`` then ``pkg.m2``; on main nothing was listed and the package's import failed at
    collection. Each name of the tuple is the literal that holds a module's last segment: rewritten there."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": 'for _name in ("m1", "m2"):\n    exec(f"from .{_name} import *")\n',
            "pkg/m1.py": "F1 = 1\n",
            "pkg/m2.py": "F2 = 2\n",
            "tests/test_exec.py": "import pkg\n\n\ndef test_exec():\n    assert pkg.F1 == 1 and pkg.F2 == 2\n",
        }
    )
    _round_trip(
        cli,
        repo,
        "1 passed",
        {
            ("pkg.m1", "pkg/__init__.py", 1, "computed-path", "rewrite"),
            ("pkg.m2", "pkg/__init__.py", 1, "computed-path", "rewrite"),
        },
    )


def test_source_executed_over_a_name_bound_to_a_literal_sequence(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``_MODS = ["m1", "m2"]`` then ``for _name in _MODS: exec(f"from .{_name} import *")`` (review29 finding 2):
    a module-level name bound once to a literal list, tuple or set is the loop's sequence as a literal in the
    ``for`` is. On main only the latter was followed: nothing listed, the package's import failed at collection."""
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": (
                '_MODS = ["m1", "m2"]\nfor _name in _MODS:\n    exec(f"from .{_name} import *")\n'
                '_MORE: set[str] = {"m3"}\nfor _other in _MORE:\n    exec("from ." + _other + " import F3")\n'
            ),
            "pkg/m1.py": "F1 = 1\n",
            "pkg/m2.py": "F2 = 2\n",
            "pkg/m3.py": "F3 = 3\n",
            "tests/test_exec.py": "import pkg\n\n\ndef test_exec():\n    assert pkg.F1 + pkg.F2 + pkg.F3 == 6\n",
        }
    )
    _round_trip(
        cli,
        repo,
        "1 passed",
        {
            ("pkg.m1", "pkg/__init__.py", 1, "computed-path", "rewrite"),
            ("pkg.m2", "pkg/__init__.py", 1, "computed-path", "rewrite"),
            ("pkg.m3", "pkg/__init__.py", 4, "computed-path", "rewrite"),
        },
    )


RUNS = """\
import runpy
import subprocess
import sys

NAMES = ("m1", "m2")
PKG = "pkg"


def run(name):
    if name in NAMES:
        return runpy.run_module(f"pkg.{name}")


def escaped():
    return subprocess.run([sys.executable, "-m", PKG + ".\\x6d3"])
"""


def test_a_run_module_target_no_literal_holds_is_a_follow_up(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """``runpy.run_module(f"pkg.{name}")`` with ``name`` one of a constant tuple, ``-m`` given an escaped literal: no
    literal to rewrite, and a shim cannot serve them (the shim runs, its globals are not the module's: breaker's
    finding 6). On main the first was a ``computed-import`` kept by a shim, a promise apply did not keep; now each
    is a ``computed-run`` follow-up, and no shim is made for it."""
    repo = write_tree({"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/runs.py": RUNS, **MODULES})
    committed(repo)
    assert _listed(cli, repo) == {
        ("pkg.m1", "pkg/runs.py", 11, "computed-run", "follow-up"),
        ("pkg.m2", "pkg/runs.py", 11, "computed-run", "follow-up"),
        ("pkg.m3", "pkg/runs.py", 15, "computed-run", "follow-up"),
    }
