"""A module that hands its own name to a function reading the name's last part keeps its name (issue 13).

``register(__name__, dump)`` in ``pkg/plugins/jsonfmt.py``, with ``def register(modname, obj):
REGISTRY[modname.rsplit(".", 1)[-1]] = obj`` in another module: renamed, the key is ``WF1_..._jsonfmt`` and
``REGISTRY["jsonfmt"]`` raised KeyError; nothing was kept and the plan had no hazard. The function's parameter is
a tail read (planner/name_tails.py), and its calls, followed through imports, re-exports and aliases, name the
modules whose names they hand it (planner/name_tail_plan.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, snapshot, write_files

# the registry's functions, re-exported by the package; each reads the tail of the string it is given
REG = """\
REGISTRY = {}


def register(modname, obj):
    REGISTRY[modname.rsplit(".", 1)[-1]] = obj


def add_sliced(name, obj):
    REGISTRY[name[len("pkg.plugins.") :]] = obj


def add_split(name, obj):
    REGISTRY[name.split(".")[-1]] = obj
"""

PLUGIN = """\
{imports}


def dump(x):
    return "{name}:%s" % x


{call}
"""

PLUGINS = {
    "jsonfmt": ("from pkg.plugins import register", "register(__name__, dump)"),  # re-exported by the package
    "csvfmt": ("from .reg import register as reg", "reg(__name__, dump)"),  # an alias, a relative import
    "xmlfmt": ("from . import reg", "reg.add_sliced(__name__, dump)"),  # through the module
    "inifmt": ("import pkg.plugins.reg", "pkg.plugins.reg.add_split(__spec__.name, dump)"),
}

LOADER = """\
from pkg import tomlfmt
from pkg.plugins import register

register(tomlfmt.__name__, tomlfmt.dump)
register("pkg.plugins.fixed", print)  # a literal: no module's name
"""

SELF = """\
SEEN = []


def remember(name):
    SEEN.append(name.split(".")[-1])


remember(__name__)
"""

TESTS = """\
import pkg.loader  # noqa: F401
from pkg import selfreg
from pkg.plugins import REGISTRY, csvfmt, inifmt, jsonfmt, xmlfmt  # noqa: F401


def test_registered():
    assert sorted(REGISTRY) == ["csvfmt", "fixed", "inifmt", "jsonfmt", "tomlfmt", "xmlfmt"]
    assert REGISTRY["jsonfmt"](1) == "jsonfmt:1"


def test_remembered():
    assert selfreg.SEEN == ["selfreg"]
"""


def _repo(root: Path) -> Path:
    return write_files(
        root,
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/plugins/__init__.py": "from .reg import REGISTRY, register\n",
            "pkg/plugins/reg.py": REG,
            **{
                f"pkg/plugins/{name}.py": PLUGIN.format(imports=imports, name=name, call=call)
                for name, (imports, call) in PLUGINS.items()
            },
            "pkg/tomlfmt.py": PLUGIN.format(imports="", name="tomlfmt", call=""),
            "pkg/loader.py": LOADER,
            "pkg/selfreg.py": SELF,
            "pkg/other.py": "VALUE = 1\n",
            "tests/__init__.py": "",
            "tests/test_plugins.py": TESTS,
        },
    )


def test_a_module_handing_its_name_to_a_tail_reader_keeps_it(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(_repo(tmp_path / "repo"))
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan.get("kept", [])}
    assert sorted(kept) == [
        "pkg/plugins/csvfmt.py",
        "pkg/plugins/inifmt.py",
        "pkg/plugins/jsonfmt.py",
        "pkg/plugins/xmlfmt.py",
        "pkg/selfreg.py",
        "pkg/tomlfmt.py",
    ]
    reads = "reads its name's last part as data"
    assert kept["pkg/plugins/jsonfmt.py"] == (
        f"found by name by pkg/plugins/reg.py:5, which {reads} (`modname` of `register`, given it by "
        "pkg/plugins/jsonfmt.py:8)"
    )
    assert "given it by pkg/loader.py:4" in kept["pkg/tomlfmt.py"]
    renamed = sorted(r["old"] for b in plan["batches"] for r in b["renames"])
    assert renamed == ["pkg/loader.py", "pkg/other.py", "pkg/plugins/reg.py"]
    assert plan["hazards"] == []

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/other.py").exists() and (repo / "pkg/plugins/jsonfmt.py").exists()
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_tail_reader_no_call_gives_a_name_is_a_hazard(cli: Invoke, tmp_path: Path) -> None:
    """A function whose callers are not found (none in the checkout, or passed on uncalled) is a hazard naming
    it; a call given a literal keeps nothing and is no hazard."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": '[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/reg.py": REG + "\n\nHOOKS = [add_split]\n",
            "pkg/user.py": "from pkg.reg import register\n\nregister('a.b', None)\n",
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert plan.get("kept", []) == []
    hazards = sorted({(h["kind"], h["path"], h["line"], _what(h["detail"])) for h in plan["hazards"]})
    assert hazards == [
        ("module-name-tail", "pkg/reg.py", 9, "`name` of `add_sliced`, which no call gives"),
        ("module-name-tail", "pkg/reg.py", 13, "`name` of `add_split`, which no call gives"),
        ("module-name-tail", "pkg/reg.py", 16, "`name` of `add_split`, passed on uncalled"),
    ]


def _what(detail: str) -> str:
    return detail.partition("(")[2].partition(")")[0]


@pytest.mark.parametrize("count", [10, 20])
def test_each_caller_is_read_once(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """N plugins handing their names to one function through a chain of re-exports: each caller's file is parsed
    once, and the re-exports are walked once (the work is counted, not timed)."""
    import planner.name_tail_callers

    parsed: list[str] = []
    parse = planner.name_tail_callers.parse_python
    monkeypatch.setattr(
        planner.name_tail_callers, "parse_python", lambda raw, path: parsed.append(path) or parse(raw, path)
    )
    plugins = {
        f"pkg/plugins/p{i}.py": PLUGIN.format(
            imports="from pkg import register", name=f"p{i}", call="register(__name__, dump)"
        )
        for i in range(count)
    }
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "from pkg.plugins import register\n",
            "pkg/plugins/__init__.py": "from .reg import REGISTRY, register\n",
            "pkg/plugins/reg.py": REG,
            **plugins,
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(k["path"] for k in plan.get("kept", [])) == sorted(plugins)
    assert sorted(parsed) == sorted(["pkg/__init__.py", "pkg/plugins/__init__.py", "pkg/plugins/reg.py", *plugins])
