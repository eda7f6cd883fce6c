"""A module whose name's last part the code reads as data keeps its name (issue 13, griffe 2.4.1).

griffe's docstring tests find each parser's function by its module's name, ``f"parse_{parser_module.__name__
.split('.')[-1]}"``, the module given by ``parser(google)`` in another file. Renamed, the tail is
``WF1_V7_L2_1of3_google`` and the function is not found (250 of its tests lost); no rewrite and no shim can
follow a name the code takes apart. Such a module is kept, listed under the plan's ``kept`` with the line that
reads the tail (planner/name_tails.py, planner/name_tail_plan.py); a logger named ``__name__`` keeps nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

PARSER = """\
def parse_{name}(text):
    return "{name}:" + text
"""

# griffe's tests/test_docstrings/helpers.py: the function's name built from the module's tail
HELPERS = """\
def parser(parser_module):
    def parse(text):
        func_name = f"parse_{parser_module.__name__.split('.')[-1]}"
        return getattr(parser_module, func_name)(text)

    return parse
"""

CONFTEST = """\
import pytest

from pkg.docstrings import google
from tests.helpers import parser


@pytest.fixture
def parse_google():
    return parser(google)
"""

TESTS = """\
import pytest

from pkg import plugins
from pkg.docstrings import numpy, sphinx
from pkg.plugins import alpha, beta  # noqa: F401


def test_google(parse_google):
    assert parse_google("x") == "google:x"


@pytest.mark.parametrize("module", [numpy, sphinx])
def test_each_parser(module):
    _, _, tail = module.__name__.rpartition(".")
    assert getattr(module, "parse_" + tail)("y") == tail + ":y"


def test_registered():
    assert plugins.REGISTRY["alpha"] is alpha.run
    assert plugins.REGISTRY["beta"].__name__ == "Beta"
"""

# a plugin that registers itself under its name's tail; the registry's own logger and a head are harmless
ALPHA = """\
from pkg.plugins import REGISTRY


def run():
    return 1


REGISTRY[__name__.rsplit(".", 1)[-1]] = run
"""

# a class registered under the tail of the module that defines it
BETA = """\
from pkg.plugins import REGISTRY


class Beta:
    pass


REGISTRY[Beta.__module__.rpartition(".")[2]] = Beta
"""

LOGS = """\
import logging

LOG = logging.getLogger(__name__)
PACKAGE = __name__.rpartition(".")[0]
"""


def test_modules_whose_name_tail_is_read_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/docstrings/__init__.py": "",
            **{f"pkg/docstrings/{n}.py": PARSER.format(name=n) for n in ("google", "numpy", "sphinx", "rest")},
            "pkg/plugins/__init__.py": "REGISTRY = {}\n",
            "pkg/plugins/alpha.py": ALPHA,
            "pkg/plugins/beta.py": BETA,
            "pkg/logs.py": LOGS,
            "tests/__init__.py": "",
            "tests/helpers.py": HELPERS,
            "tests/conftest.py": CONFTEST,
            "tests/test_parsers.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("4 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    reads = "reads its name's last part as data"
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/docstrings/google.py": f"found by name by tests/helpers.py:3, which {reads} (`parser_module` of "
        "`parser`, given it by tests/conftest.py:9)",
        "pkg/docstrings/numpy.py": f"found by name by tests/test_parsers.py:14, which {reads}",
        "pkg/docstrings/sphinx.py": f"found by name by tests/test_parsers.py:14, which {reads}",
        "pkg/plugins/alpha.py": f"found by name by pkg/plugins/alpha.py:8, which {reads}",
        "pkg/plugins/beta.py": f"found by name by pkg/plugins/beta.py:8, which {reads}",
    }
    renamed = sorted(r["old"] for r in plan_renames(plan))
    assert renamed == ["pkg/docstrings/rest.py", "pkg/logs.py"]  # a logger's name and a head keep nothing
    assert plan["hazards"] == []
    shown = " ".join(cli(repo, "plan").stdout.split())
    assert f"pkg/docstrings/numpy.py: tests/test_parsers.py:14, which {reads}" in shown

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/logs.py").exists() and (repo / "pkg/docstrings/google.py").exists()
    assert own_suite(repo).startswith("4 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_read_nothing_attributes_is_a_hazard(cli: Invoke, tmp_path: Path) -> None:
    """A method's parameter: its callers are not followed, so the plan names the modules its file imports."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/google.py": PARSER.format(name="google"),
            "pkg/table.py": (
                "from pkg import google\n\n\nclass Table:\n    def name(self, module):\n"
                "        return module.__name__.split('.')[-1]\n\n\nNAME = Table().name(google)\n"
            ),
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"]] == [
        ("module-name-tail", "pkg.google", "pkg/table.py", 6)
    ]
    assert "it may be given pkg.google" in plan["hazards"][0]["detail"]


def test_the_reads_of_a_name_tail() -> None:
    from planner.read_facts import extract

    def read(source: str, path: str = "pkg/mod.py") -> list[str]:
        return sorted(k for k in extract(source, path).bound_names if k.startswith("name-tail"))

    own = ["name-tail:"]
    assert read('T = __name__.split(".")[-1]\n') == own
    # a path's extension is no name's tail: ``ext(p)`` takes no module name apart (e28bc27 read it as one)
    ext = 'import os\n\n\ndef ext(p):\n    return os.path.splitext(p)[1]\n\n\nif __name__ == "__main__":\n    pass\n'
    assert read(ext) == []
    assert read("import os\nX = os.path.splitext(__name__)[1]\n") == own
    assert read('T = __name__.rsplit(".", 1)[1]\n') == own
    assert read('T = __name__.partition(".")[2]\n') == own
    assert read('*_, t = __name__.split(".")\n') == own
    assert read('n = __name__\nT = n.rpartition(".")[-1]\n') == own
    assert read('ok = __name__.endswith("google")\n') == own
    assert read('T = __spec__.name.rpartition(".")[2]\n') == own
    assert read('from p import a\nT = a.__spec__.name.split(".")[-1]\n') == ["name-tail:p.a"]
    assert read('ok = getattr(m, "__name__").removeprefix("pkg.")\nimport pkg.m as m\n') == ["name-tail:pkg.m"]
    assert read('from .. import a\nT = a.__name__.split(".")[1:]\n') == ["name-tail:..a"]
    assert read('import pkg.a\nT = pkg.a.__name__.split(".")[-1]\n') == ["name-tail:pkg.a"]
    assert read('from p import a, b\nD = {"x": a, "y": b}\nT = [m.__name__.split(".")[-1] for m in D.values()]\n') == [
        "name-tail:p.a",
        "name-tail:p.b",
    ]
    assert read('from p import a\nfor k, m in [("a", a)]:\n    T = m.__name__.split(".")[-1]\n') == ["name-tail:p.a"]
    fixture = "import pytest\nfrom p import a\n@pytest.fixture(params=[a])\ndef f(request):\n"
    assert read(fixture + '    return request.param.__name__.split(".")[-1]\n') == ["name-tail:p.a"]
    # a parametrize row too short for the parameter gives nothing known (a hazard at plan time), not a crash
    short = "import pytest\n@pytest.mark.parametrize('a, m', [(1,)])\ndef test_x(a, m):\n"
    assert read(short + '    return m.__name__.split(".")[-1]\n') == ["name-tail-param:test_x:1:m"]
    rows = "import pytest\nfrom p import a\n@pytest.mark.parametrize('x, m', [pytest.param(1, a, id='a')])\n"
    assert read(rows + 'def test_x(x, m):\n    return m.__name__.split(".")[-1]\n') == ["name-tail:p.a"]
    assert read('def f(x, mod):\n    return mod.__name__.split(".")[-1]\n') == ["name-tail-param:f:1:mod"]
    assert read('def f():\n    m = load()\n    return m.__name__.split(".")[-1]\n') == ["name-tail-unknown:3"]
    # the head, the whole name, a logger's name and other strings keep nothing
    assert read('import logging\nL = logging.getLogger(__name__)\nif __name__ == "__main__":\n    pass\n') == []
    assert read('P = __name__.rpartition(".")[0]\nQ = __name__.split(".")[0]\nR = __name__.split(".")[:-1]\n') == []
    assert read('R = __name__.rsplit(".", 2)[-2]\nhead, _, _ = __name__.rpartition(".")\n') == []
    assert read('import logging\nL = logging.getLogger(__name__.split(".")[-1])\n') == []
    # ``X.__module__``: the module that defines ``X``
    assert read('from p.m import K as J\nT = J.__module__.split(".")[-1]\n') == ["name-tail-defined:p.m.K"]
    # ``self``/``cls`` in a method: the instance's class, which any subclass may be, wherever it is defined
    method = 'class A:\n    def f(self):\n        return self.__class__.__module__.rsplit(".", 1)[-1]\n'
    assert read(method) == ["name-tail-class:A", *own]
    assert read('class A:\n    key = __module__.split(".")[-1]\n') == own
    # a module-level function's parameter: the module defining what its calls give it (planner/name_tail_plan.py)
    assert read('def f(obj):\n    return obj.__module__.split(".")[-1]\n') == ["name-tail-defparam:f:0:obj"]
    assert read('def f(obj):\n    return obj.__module__.split(".")[0]\n') == []
    # any object's class: not known here (review27 #5)
    assert read('def f(obj):\n    return type(obj).__module__.split(".")[-1]\n') == ["name-tail-unknown:2"]
    assert read('def f(obj):\n    return obj.__class__.__module__.split(".")[-1]\n') == ["name-tail-unknown:2"]
    assert read('from pkg import mod\nT = mod.Klass.__module__.split(".")[-1]\n') == ["name-tail-defined:pkg.mod.Klass"]
    assert read('T = path.split(".")[-1]\nU = name.endswith(".py")\nV = type(x).__name__.split(".")[-1]\n') == []


SIBLINGS = """\
import importlib

B = importlib.import_module(__name__.rsplit(".", 1)[0] + ".b")
C = importlib.import_module(__name__.rpartition(".")[0] + ".c")
"""


def test_a_sibling_named_from_the_module_s_own_name(cli: Invoke, tmp_path: Path) -> None:
    """``__name__.rsplit(".", 1)[0] + ".b"``: the head of the name is the package, and the sibling's path folds to
    ``pkg.b``, whose literal part ``".b"`` apply rewrites (planner/computed_paths.py; before, nothing was listed and
    ``import pkg.a`` failed after the rename)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/a.py": SIBLINGS,
            "pkg/b.py": "X = 'b'\n",
            "pkg/c.py": "X = 'c'\n",
            "use.py": "import pkg.a\n\nprint(pkg.a.B.X + pkg.a.C.X)\n",
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {r["old"]: [(x["line"], x["kind"]) for x in r["references"]] for r in plan_renames(plan)}
    assert listed["pkg/b.py"] == [(3, "computed-path")]
    assert listed["pkg/c.py"] == [(4, "computed-path")]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
    assert done.stdout == "bc\n", done.stderr
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_calls_of_a_function_that_reads_its_parameter_s_name(cli: Invoke, tmp_path: Path) -> None:
    """Called through its module (``helpers.parser(numpy)``) it names the module; given a module it loads
    (``parser(load())``), the call is a hazard."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            **{f"pkg/{n}.py": PARSER.format(name=n) for n in ("google", "numpy", "rest", "sphinx")},
            "tests/__init__.py": "",
            "tests/helpers.py": HELPERS,
            "tests/test_a.py": "import tests.helpers as helpers\nfrom pkg import numpy\n\nP = helpers.parser(numpy)\n",
            "tests/test_b.py": "from tests.helpers import parser\n\n\ndef test(load):\n    parser(load())\n",
            # review27 #6: the package's module spelled by a from import, and the function passed on uncalled
            "tests/test_c.py": "from tests import helpers\nfrom pkg import google\n\nP = helpers.parser(google)\n",
            "tests/test_d.py": "from pkg import sphinx\nfrom tests.helpers import parser\n\nP = list(map(parser, [sphinx]))\n",
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [k["path"] for k in plan["kept"]] == ["pkg/google.py", "pkg/numpy.py"]
    assert "given it by tests/test_a.py:4" in plan["kept"][1]["reason"]
    hazards = sorted({(h["kind"], h["path"], h["line"]) for h in plan["hazards"]})
    assert hazards == [("module-name-tail", "tests/test_b.py", 5), ("module-name-tail", "tests/test_d.py", 4)]
    assert "pkg.sphinx" in {h["module"] for h in plan["hazards"]}


def test_each_file_and_loop_is_read_once(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review27's quadratic plans: a loop's list was resolved again for each read in its body, and each caller's
    file parsed twice per plan (once for the kept modules, once for the hazards). The work is counted, not timed."""
    import planner.name_tail_callers
    from planner.module_refs import ModuleRefs
    from planner.read_facts import extract

    resolved: list[int | None] = []
    elements = ModuleRefs.elements
    monkeypatch.setattr(ModuleRefs, "elements", lambda self, *a: resolved.append(a[1]) or elements(self, *a))
    names = [f"m{i}" for i in range(30)]
    loop = f"from pkg import {', '.join(names)}\nMODS = [{', '.join(names)}]\nfor m in MODS:\n"
    keys = extract(loop + "    m.__name__.split('.')[-1]\n" * 30, "pkg/big.py").bound_names
    assert sorted(k for k in keys if k.startswith("name-tail")) == sorted(f"name-tail:pkg.{n}" for n in names)
    assert len(resolved) == 2  # the loop's iterable, then the list ``MODS`` names

    parsed: list[str] = []
    parse = planner.name_tail_callers.parse_python
    monkeypatch.setattr(
        planner.name_tail_callers, "parse_python", lambda raw, path: parsed.append(path) or parse(raw, path)
    )
    callers = {
        f"tests/test_{n}.py": f"from tests.helpers import parser\nfrom pkg import {n}\n\nP = parser({n})\n"
        for n in ("google", "numpy")
    }
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            **{f"pkg/{n}.py": PARSER.format(name=n) for n in ("google", "numpy", "rest")},
            "tests/__init__.py": "",
            "tests/helpers.py": HELPERS,
            **callers,
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [k["path"] for k in plan["kept"]] == ["pkg/google.py", "pkg/numpy.py"]
    assert sorted(parsed) == ["tests/helpers.py", *sorted(callers)]


def test_cls_module_in_a_base_class_names_its_subclasses_modules(cli: Invoke, tmp_path: Path) -> None:
    """review27 High #3: a registry keyed by ``cls.__module__``'s tail in ``__init_subclass__`` holds the
    subclasses' modules; renamed, ``REGISTRY['csvfmt']`` raised KeyError. Found subclasses keep their modules;
    a class whose base cannot be resolved to the class is a hazard."""
    base = (
        "REGISTRY = {}\n\n\nclass Plugin:\n    def __init_subclass__(cls, **kw):\n"
        "        super().__init_subclass__(**kw)\n        REGISTRY[cls.__module__.rpartition('.')[2]] = cls\n"
    )
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/base.py": base,
            "pkg/plugins/__init__.py": "",
            "pkg/plugins/csvfmt.py": "from pkg.base import Plugin\n\n\nclass Csv(Plugin):\n    pass\n",
            "pkg/plugins/jsonfmt.py": "import pkg.base\n\n\nclass Json(pkg.base.Plugin):\n    pass\n",
            "pkg/plugins/yamlfmt.py": "from .jsonfmt import Json\n\n\nclass Yaml(Json):\n    pass\n",
            "pkg/plugins/other.py": "from somewhere import Plugin\n\n\nclass Other(Plugin):\n    pass\n",
            "pkg/plain.py": "X = 1\n",
            "use.py": (
                "import pkg.plugins.csvfmt, pkg.plugins.jsonfmt, pkg.plugins.yamlfmt\nfrom pkg.base import REGISTRY\n\n"
                "print(sorted(REGISTRY))\n"
            ),
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(k["path"] for k in plan["kept"]) == [
        "pkg/base.py",
        "pkg/plugins/csvfmt.py",
        "pkg/plugins/jsonfmt.py",
        "pkg/plugins/yamlfmt.py",
    ]
    assert [(h["kind"], h["path"], h["line"]) for h in plan["hazards"]] == [
        ("module-name-tail", "pkg/plugins/other.py", 4)
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
    assert done.stdout == "['csvfmt', 'jsonfmt', 'yamlfmt']\n", done.stderr
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_re_exported_class_names_the_module_that_defines_it(cli: Invoke, tmp_path: Path) -> None:
    """review27 High #4: ``from pkg import Klass`` (``pkg/__init__.py`` re-exports ``pkg.impl.Klass``): its
    ``__module__`` is ``pkg.impl``; renamed, ``REG['impl']`` raised KeyError, nothing kept, no hazard."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "use.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "from pkg.api import Klass\n",
            "pkg/api.py": "from .impl import Klass as Klass\n",
            "pkg/impl.py": "class Klass:\n    pass\n",
            "pkg/reg.py": "from pkg import Klass\n\nREG = {Klass.__module__.rpartition('.')[2]: Klass}\n",
            "use.py": "from pkg.reg import REG\n\nprint(REG['impl'].__name__)\n",
        },
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [k["path"] for k in plan["kept"]] == ["pkg/impl.py"]
    assert "pkg/reg.py:3, which reads its name's last part" in plan["kept"][0]["reason"]
    assert plan["hazards"] == []
    cli(repo, "-q", "apply", "--all", "--no-tests")
    done = subprocess.run([sys.executable, "use.py"], cwd=repo, capture_output=True, text=True)
    assert done.stdout == "Klass\n", done.stderr
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
