"""A module's whole name used as data: put into a file's name, edited and kept, sorted by (issue 13, breaker c29
c39 c40).

``os.path.join(ROOT, __name__.replace(".", os.sep) + ".sql")`` and ``os.path.join(ROOT, "data",
f"{__name__}.json")`` find a file named after the module (``pkg/queries.sql``, ``data/pkg.m1.json``), which no rename
moves: renamed, ``FileNotFoundError``, and nothing was listed. Such a module keeps its name. An edited name kept
(``NAMESPACE = __name__.replace(".", "_")``, compared by a test) and a sort by module names (``sorted([beta, alpha],
key=lambda m: m.__name__)``, which the layer's prefix reorders) were silent too: what they are for is not known, so
each is a ``module-name-data`` hazard naming the module (planner/name_uses.py). The harmless uses keep nothing and
list nothing: a logger, ``== "__main__"``, a submodule's path, a message, a whole-name key, the file's directory.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

HARMLESS = """\
import logging, os, sys

log = logging.getLogger(__name__)
REG = {__name__: 1}
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harmless.txt")
SELF = sys.modules[__name__]
PREFIX = __name__ + "."


def shown():
    return f"{__name__}: ok"


if __name__ == "__main__":
    print(shown())
"""

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "data/pkg.m1.json": '{"a": 1}\n',
    "pkg/__init__.py": "",
    "pkg/queries.sql": "SELECT 1\n",
    "pkg/queries.py": (
        "import os\n\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\n\ndef sql():\n"
        "    with open(os.path.join(ROOT, __name__.replace('.', os.sep) + '.sql')) as f:\n        return f.read()\n"
    ),
    "pkg/m1.py": (
        "import json, os\n\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\n\ndef settings():\n"
        "    path = os.path.join(ROOT, 'data', f'{__name__}.json')\n    with open(path) as f:\n"
        "        return json.load(f)\n"
    ),
    "pkg/cache.py": "NAMESPACE = __name__.replace('.', '_')\n",
    "pkg/alpha.py": "NAME = 'alpha'\n",
    "pkg/beta.py": "NAME = 'beta'\n",
    "pkg/chain.py": (
        "from pkg import alpha, beta\n\n\ndef order():\n"
        "    return [m.NAME for m in sorted([beta, alpha], key=lambda m: m.__name__)]\n"
    ),
    "pkg/harmless.py": HARMLESS,
    "tests/__init__.py": "",
    "tests/test_data.py": (
        "from pkg import harmless, m1, queries\n\n\ndef test_sql():\n    assert queries.sql() == 'SELECT 1\\n'\n\n\n"
        "def test_settings():\n    assert m1.settings() == {'a': 1}\n\n\ndef test_harmless():\n"
        "    assert harmless.shown().endswith(': ok')\n"
    ),
}


def test_a_name_put_into_a_file_name_keeps_the_module_and_an_edited_one_is_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    assert sorted(kept) == ["pkg/m1.py", "pkg/queries.py"]
    assert "pkg/queries.py:7, which puts its name into a file's name" in kept["pkg/queries.py"]
    assert "pkg/m1.py:7" in kept["pkg/m1.py"]  # the join, through the name bound to it
    listed = sorted((h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"])
    assert listed == [
        ("module-name-data", "pkg.alpha", "pkg/chain.py", 5),
        ("module-name-data", "pkg.beta", "pkg/chain.py", 5),
        ("module-name-data", "pkg.cache", "pkg/cache.py", 1),
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg" / "harmless.py").exists()  # renamed: its uses are harmless
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


OTHERS = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/queries.sql": "SELECT 2\n",
    "pkg/queries.py": "X = 1\n",
    "pkg/names.py": "X = 1\n",
    "pkg/report.py": (
        "import os\n\nfrom pkg import names, queries\n\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "SLUG = names.__name__.upper()\n\n\ndef sql():\n"
        "    with open(os.path.join(ROOT, queries.__name__.replace('.', os.sep) + '.sql')) as f:\n"
        "        return f.read()\n"
    ),
    "tests/__init__.py": "",
    "tests/test_report.py": "from pkg import report\n\n\ndef test_sql():\n    assert report.sql() == 'SELECT 2\\n'\n",
}


def test_another_module_s_name_used_as_data(cli: Invoke, tmp_path: Path) -> None:
    """The same rule for ``m.__name__`` of a module the file imports: ``queries.__name__`` put into a file's name
    keeps ``pkg.queries``, ``names.__name__.upper()`` lists ``pkg.names``."""
    repo = committed(write_files(tmp_path / "repo", OTHERS))
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    assert sorted(kept) == ["pkg/queries.py"]
    assert "pkg/report.py:10, which puts its name into a file's name" in kept["pkg/queries.py"]
    listed = sorted((h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"])
    assert listed == [("module-name-data", "pkg.names", "pkg/report.py", 6)]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/m3.py").exists()  # renamed: a batch to revert
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


FORMATTED = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "data/pkg.fmt.json": '{"a": 1}\n',
    "data/pkg.kw.cfg": "x\n",
    "data/pkg.pct.json": '{"a": 3}\n',
    "data/pkg.joined.json": '{"a": 4}\n',
    "pkg/__init__.py": "",
    "pkg/paths.py": "import os\n\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n",
    "pkg/fmt.py": (
        "import json, os\n\nfrom pkg.paths import ROOT\n\n\ndef load():\n"
        "    with open(os.path.join(ROOT, 'data', '{}.json'.format(__name__))) as f:\n        return json.load(f)\n"
    ),
    "pkg/kw.py": (
        "import os\n\nfrom pkg.paths import ROOT\n\n\ndef load():\n"
        "    with open(os.path.join(ROOT, 'data', '{name}.cfg'.format(name=__name__))) as f:\n        return f.read()\n"
    ),
    "pkg/pct.py": (
        "import json, os\n\nfrom pkg.paths import ROOT\n\nNAME = '%s.json' % (__name__,)\n\n\ndef load():\n"
        "    with open(os.path.join(ROOT, 'data', NAME)) as f:\n        return json.load(f)\n"
    ),
    "pkg/joined.py": (
        "import json\nfrom pathlib import Path\n\nfrom pkg.paths import ROOT\n\n\ndef load():\n"
        "    return json.loads((Path(ROOT) / 'data' / ''.join([__name__, '.json'])).read_text())\n"
    ),
    "pkg/shown.py": (
        "import importlib\n\n\ndef text():\n    return '{}: ok'.format(__name__) + ' %s' % (__name__,)\n\n\n"
        "def below():\n    return importlib.import_module('{}.x'.format(__name__.rpartition('.')[0]))\n"
    ),
    "pkg/x.py": "",
    "tests/__init__.py": "",
    "tests/test_data.py": (
        "from pkg import fmt, joined, kw, pct, shown\n\n\ndef test_files():\n    assert fmt.load() == {'a': 1}\n"
        "    assert kw.load() == 'x\\n'\n    assert pct.load() == {'a': 3}\n    assert joined.load() == {'a': 4}\n"
        "    assert ': ok ' in shown.text()\n    assert shown.below().__file__\n"
    ),
}


def test_a_name_formatted_into_a_file_name_keeps_the_module(cli: Invoke, tmp_path: Path) -> None:
    """``"{}.json".format(__name__)``, ``"{name}.cfg".format(name=__name__)``, ``"%s.json" % (__name__,)`` and
    ``"".join([__name__, ".json"])`` are the f-string's file name spelled otherwise: each module keeps its name (they
    were renamed and their files no longer found). Formatted into a message or a module path, nothing is kept."""
    repo = committed(write_files(tmp_path / "repo", FORMATTED))
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", []) if k["path"].startswith("pkg/")}
    assert sorted(kept) == ["pkg/fmt.py", "pkg/joined.py", "pkg/kw.py", "pkg/pct.py"]
    assert "pkg/pct.py:5, which puts its name into a file's name" in kept["pkg/pct.py"]
    assert [h for h in plan["hazards"] if h["kind"] == "module-name-data"] == []
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg" / "shown.py").exists()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


SPEC_NAMED = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "data/pkg.m1.json": '{"a": 1}\n',
    "data/pkg.m2.json": '{"b": 2}\n',
    "pkg/__init__.py": "",
    "pkg/m1.py": (
        "import json, os\n\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\n\ndef settings():\n"
        "    with open(os.path.join(ROOT, 'data', '{}.json'.format(__spec__.name))) as f:\n"
        "        return json.load(f)\n"
    ),
    "pkg/m2.py": (
        "import json, os\n\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\n\ndef settings():\n"
        "    with open(os.path.join(ROOT, 'data', __loader__.name + '.json')) as f:\n"
        "        return json.load(f)\n"
    ),
    "pkg/m3.py": "X = 1\n",
    "tests/__init__.py": "",
    "tests/test_data.py": (
        "from pkg import m1, m2\n\n\ndef test_settings():\n    assert m1.settings() == {'a': 1}\n"
        "    assert m2.settings() == {'b': 2}\n"
    ),
}


def test_the_spec_s_name_put_into_a_file_name_keeps_the_module(cli: Invoke, tmp_path: Path) -> None:
    """``__spec__.name`` and ``__loader__.name`` are the module's name as ``__name__`` is (review30): read as a
    file's name of ``__spec__`` (``p.name`` of a path), they were judged by no rule, renamed, FileNotFoundError."""
    repo = committed(write_files(tmp_path / "repo", SPEC_NAMED))
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = sorted(k["path"] for k in plan.get("kept", []) if k["path"].startswith("pkg/"))
    assert kept == ["pkg/m1.py", "pkg/m2.py"]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/m3.py").exists()  # renamed: a batch to revert
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
