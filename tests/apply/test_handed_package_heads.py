"""A helper that imports its parameter followed by a literal tail, handed a package's own name (review finding:
issue 13, class 1).

``def load(base): return import_module(base + ".plugins")`` in ``pkg/loading.py``, called as ``load(__name__)`` by
``pkg/__init__.py`` and ``pkg/sub/__init__.py``: on main the helper's import was an ``unknown-dynamic-import`` hazard
and nothing else; ``pkg.plugins``, ``pkg.sub.plugins``, ``pkg.sub.extras`` and ``pkg.sub.hooks`` were not listed, got
no shim, and the suite failed after apply (``ModuleNotFoundError``). The calls of the helper (its own file's and
those of the files importing it) now say which modules it reaches: each is a ``computed-import`` on the call's line,
kept alive by a shim (planner/handed_heads.py). A call handing a name not known there keeps nothing.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

LOADING = """\
import importlib


def load(base):
    return importlib.import_module(base + ".plugins")


def load_named(base, tail):
    return importlib.import_module(f"{base}.{tail}")


def load_kw(*, package):
    return importlib.import_module("%s.hooks" % package)
"""
SUB_INIT = """\
from pkg import loading


def plugins():
    return loading.load(__name__)


def extras():
    return loading.load_named(__name__, "extras")


def hooks():
    return loading.load_kw(package=__spec__.parent)


def other(name):
    return loading.load(name)
"""
SUITE = """\
import pkg
import pkg.sub


def test_loads():
    loaded = [pkg.plugins(), pkg.sub.plugins(), pkg.sub.extras(), pkg.sub.hooks(), pkg.sub.other("pkg.sub")]
    assert [module.X for module in loaded] == ["top", "sub", "extras", "hooks", "sub"]
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/loading.py": LOADING,
    "pkg/__init__.py": "from pkg.loading import load\n\n\ndef plugins():\n    return load(__name__)\n",
    "pkg/sub/__init__.py": SUB_INIT,
    "pkg/plugins.py": "X = 'top'\n",
    "pkg/sub/plugins.py": "X = 'sub'\n",
    "pkg/sub/extras.py": "X = 'extras'\n",
    "pkg/sub/hooks.py": "X = 'hooks'\n",
    "tests/test_pkg.py": SUITE,
}


def test_a_helper_handed_the_package_name(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "1 passed")
    listed = {
        (rename["old_module"], ref["path"], ref["line"])
        for rename, ref in plan_references(plan)
        if ref["kind"] == "computed-import" and ref["action"] == "keep-old-path"
    }
    assert listed == {
        ("pkg.plugins", "pkg/__init__.py", 5),
        ("pkg.sub.plugins", "pkg/sub/__init__.py", 5),
        ("pkg.sub.extras", "pkg/sub/__init__.py", 9),
        ("pkg.sub.hooks", "pkg/sub/__init__.py", 13),
    }
    applied(cli, repo, "1 passed")
    for old in ("pkg/plugins.py", "pkg/sub/plugins.py", "pkg/sub/extras.py", "pkg/sub/hooks.py"):
        assert "guardian-shim" in (repo / old).read_text()
    assert 'import_module(base + ".plugins")' in next((repo / "pkg").glob("WF1_*_loading.py")).read_text()
    reverted(cli, repo, original)
