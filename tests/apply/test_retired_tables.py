"""``guardian retire`` narrows the lazy tables apply widened (issue 13, Deliver 3).

To keep an old path alive apply adds each new name beside the old one in a package's lazy tables (a set, a
literal test's tuple, a ``case`` pattern, a dict handed to ``_LazyModule``) and leaves a shim at the old path; a
table the package shows as its names (``__all__``) keeps its old names only. ``guardian retire`` deletes the
shims: an old name left in a table then names a module that is no longer there, so ``from pkg import *``, a walk of
``__all__`` or of the table, ``hasattr(pkg, old)`` raised ``ModuleNotFoundError``. Retire now removes each old name
the table holds beside its new one and renames an old name held alone, in the same journaled batch as the shims.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, snapshot, write_files
from lazy_module import LAZY_MODULE

from guardian.tracking import open_tracker
from guardian.tracking.records import CheckRecord
from planner.config import Config

CONFIG = 'exempt = ["**/__init__.py", "pkg/utils/**", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n\n'
CONFIG += "[retirement]\nstability_seconds = 0\n"
HANDED = {
    "pkg/utils/__init__.py": "",
    "pkg/utils/import_utils.py": LAZY_MODULE,
    "pkg/models/__init__.py": """\
import sys

from pkg.utils.import_utils import _LazyModule

_import_structure = {
    "configuration_bert": ["BertConfig"],
    "modeling_bert": ["BertModel"],
}
sys.modules[__name__] = _LazyModule(__name__, globals()["__file__"], _import_structure, module_spec=__spec__)
""",
    "pkg/models/configuration_bert.py": "class BertConfig:\n    hidden = 8\n",
    "pkg/models/modeling_bert.py": "from .configuration_bert import BertConfig\n\n\nclass BertModel:\n"
    "    config_class = BertConfig\n",
    "tests/test_lazy.py": """\
def test_star():
    namespace = {}
    exec("from pkg.models import *", namespace)
    assert namespace["BertModel"].config_class.hidden == 8


def test_walk():
    import pkg.models

    assert all(getattr(pkg.models, name) for name in pkg.models.__all__)
""",
}
WIDENED = {
    "pkg/sub/__init__.py": """\
import sys

_SUBMODULES = {"converters", "validators"}


def __getattr__(name):
    if name in _SUBMODULES:
        __import__(f"{__name__}.{name}")
        return sys.modules[f"{__name__}.{name}"]
    if name in ("shapes", "colors"):
        __import__(f"{__name__}.{name}")
        return sys.modules[f"{__name__}.{name}"]
    match name:
        case "tones" | "other":
            __import__(f"{__name__}.{name}")
            return sys.modules[f"{__name__}.{name}"]
    raise AttributeError(name)
""",
    "pkg/sub/converters.py": "X = 1\n",
    "pkg/sub/validators.py": "X = 2\n",
    "pkg/sub/shapes.py": "X = 3\n",
    "pkg/sub/colors.py": "X = 4\n",
    "pkg/sub/tones.py": "X = 5\n",
    "pkg/sub/other.py": "X = 6\n",
    "tests/test_lazy.py": """\
import pkg.sub


def test_each_table_entry_loads():
    assert len({getattr(pkg.sub, name) for name in pkg.sub._SUBMODULES}) == 2


def test_probing_names():
    names = ("shapes", "colors", "tones", "other", "converters", "nothing")
    assert len([hasattr(pkg.sub, name) for name in names]) == 6
""",
}
SHOWN = {
    "pkg/sub/__init__.py": """\
import importlib

_SUBMODULES = ["converters", "validators"]
__all__ = _SUBMODULES + ["VERSION"]
VERSION = 1


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
""",
    "pkg/sub/converters.py": "X = 1\n",
    "pkg/sub/validators.py": "X = 2\n",
    "tests/test_lazy.py": """\
def test_star():
    namespace = {}
    exec("from pkg.sub import *", namespace)
    assert namespace["VERSION"] == 1
    assert sum(module.X for key, module in namespace.items() if key.endswith(("converters", "validators"))) == 3
""",
}


def _stable(repo: Path) -> None:
    tracker = open_tracker(repo, Config(root=repo))
    tracker.record_validation([CheckRecord("tests", "pass", "ok", {}, 0.1)])
    tracker.close()


@pytest.mark.parametrize(("files", "passed"), [(HANDED, "2 passed"), (WIDENED, "2 passed"), (SHOWN, "1 passed")])
def test_retire_narrows_what_apply_widened(cli: Invoke, tmp_path: Path, files: dict[str, str], passed: str) -> None:
    repo = write_files(tmp_path / "repo", {"guardian.toml": CONFIG, "pkg/__init__.py": ""} | files)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith(passed)
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith(passed)
    _stable(repo)
    applied = snapshot(repo)
    dry = json.loads(cli(repo, "--json", "retire", "--dry-run").stdout)
    done = json.loads(cli(repo, "--json", "retire").stdout)
    assert done["table_names_removed"] == dry["table_names_removed"]
    removed = {entry["name"] for entry in done["table_names_removed"]}
    assert removed == {Path(shim["path"]).stem for shim in done["shims_removed"]}
    assert own_suite(repo).startswith(passed)
    for init in repo.glob("pkg/*/__init__.py"):  # no old name left: the table holds the new ones only
        assert not re.search(rf"[\"'\.]({'|'.join(removed)})[\"']", init.read_text()), init.read_text()
    cli(repo, "-q", "revert", done["batches"][0])
    assert snapshot(repo) == applied
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
