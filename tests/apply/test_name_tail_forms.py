"""More spellings of a read of a module's name's last part or of its file name (issue 13, breaker c3 c4 c11).

Each of these kept nothing and listed nothing, and after the rename the registry's key or the data file beside the
module was the new name's (``KeyError: 'gamma'``, ``FileNotFoundError: .../WF1_..._fa.json``): ``str.split(__name__,
".")[-1]``, ``re.sub(r"^.*\\.", "", __name__)``, a split bound to a name then indexed on a later line (of the name
and of the file's path), ``os.path.splitext(__name__)[1]``, ``__loader__.name``, ``re.sub(r"\\.py$", ".json",
__file__)``; and in a decorator or a function the module calls: ``fn.__module__``'s tail (the hazard named the
decorator's module, not the decorated one), ``Path(inspect.getfile(fn)).stem``, ``inspect.getmodule(obj).__name__``,
``sys._getframe(1).f_globals["__name__"]``. Each module whose name such a read takes apart keeps it
(planner/name_tails.py, planner/name_tail_plan.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

REGISTRY = """\
import inspect, sys
from pathlib import Path

REG = {}


def plugin(fn):
    REG[fn.__module__.split(".")[-1]] = fn
    return fn


def fileplugin(fn):
    REG["f_" + Path(inspect.getfile(fn)).stem] = fn
    return fn


def here(obj):
    mod = sys._getframe(1).f_globals["__name__"]
    REG["h_" + mod.rsplit(".", 1)[-1]] = obj


def by_module(obj):
    REG["m_" + inspect.getmodule(obj).__name__.rpartition(".")[2]] = obj
    return obj
"""

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "REGISTRY = {}\n",
    "pkg/gamma.py": 'from pkg import REGISTRY\n\nREGISTRY[str.split(__name__, ".")[-1]] = 1\n',
    "pkg/delta.py": 'import re\n\nfrom pkg import REGISTRY\n\nREGISTRY[re.sub(r"^.*\\.", "", __name__)] = 1\n',
    "pkg/eps.py": 'from pkg import REGISTRY\n\nparts = __name__.split(".")\nkey = parts[-1]\nREGISTRY[key] = 1\n',
    "pkg/eta.py": "import os.path\n\nfrom pkg import REGISTRY\n\nREGISTRY[os.path.splitext(__name__)[1][1:]] = 1\n",
    "pkg/theta.py": 'from pkg import REGISTRY\n\nREGISTRY[__loader__.name.rpartition(".")[2]] = 1\n',
    # the head and a split's first part keep nothing
    "pkg/plain.py": 'P = str.split(__name__, ".")[0]\nparts = __name__.split(".")\nQ = parts[0]\n',
    "pkg/fa.json": "{}\n",
    "pkg/fa.py": 'import json, re\n\n\ndef load():\n    return json.load(open(re.sub(r"\\.py$", ".json", __file__)))\n',
    "pkg/fc.json": "{}\n",
    "pkg/fc.py": (
        "import json, os\n\n\ndef load():\n    parts = __file__.split(os.sep)\n    base = parts[-1][:-3]\n"
        "    return json.load(open(os.path.join(os.path.dirname(__file__), base + '.json')))\n"
    ),
    "pkg/registry.py": REGISTRY,
    "pkg/plugins/__init__.py": "",
    "pkg/plugins/alpha.py": (
        "from pkg.registry import plugin, fileplugin, here, by_module\n\n\n@plugin\ndef run():\n    return 1\n\n\n"
        "@fileplugin\ndef frun():\n    return 1\n\n\nhere(1)\n\n\n@by_module\ndef mrun():\n    return 1\n"
    ),
    "tests/__init__.py": "",
    "tests/test_forms.py": (
        "import pytest\n\nimport pkg\nimport pkg.plugins.alpha\nfrom pkg import delta, eps, eta, fa, fc, gamma, theta\n"
        "from pkg.registry import REG\n\n\n@pytest.mark.parametrize('k', ['gamma', 'delta', 'eps', 'eta', 'theta'])\n"
        "def test_key(k):\n    assert k in pkg.REGISTRY\n\n\n@pytest.mark.parametrize('m', [fa, fc])\ndef test_file(m):\n"
        "    assert m.load() == {}\n\n\ndef test_decorated():\n    assert sorted(REG) == ['alpha', 'f_alpha', 'h_alpha', 'm_alpha']\n"
    ),
}


def test_each_form_keeps_the_module_whose_name_it_takes_apart(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    assert own_suite(repo).startswith("8 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    assert sorted(kept) == [
        "pkg/delta.py",
        "pkg/eps.py",
        "pkg/eta.py",
        "pkg/fa.py",
        "pkg/fc.py",
        "pkg/gamma.py",
        "pkg/plugins/alpha.py",
        "pkg/theta.py",
    ]
    assert "pkg/eps.py:4" in kept["pkg/eps.py"]  # the line that indexes the split
    assert "pkg/registry.py:8" in kept["pkg/plugins/alpha.py"]  # the decorator's read, for the decorated module
    assert [h for h in plan["hazards"] if h["kind"].startswith("module-")] == []
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "pkg" / "plain.py").exists() is False  # renamed: a head keeps nothing
    assert own_suite(repo).startswith("8 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
