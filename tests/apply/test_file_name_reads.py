"""A module whose file name the code reads as data keeps its name (issue 13).

A plugin that registers itself under ``Path(__file__).stem``, a data file found beside a module by the module's
name (``Path(__file__).with_suffix(".json")``: ``golden.json`` beside ``golden.py``): renamed, the key is
``WF1_..._gamma`` and the data file ``WF1_..._golden.json`` does not exist. Such a module is kept, listed under
the plan's ``kept`` with the line that reads its file name (planner/file_name_reads.py, the same attribution as a
name's tail); the directory (``Path(__file__).parent``) and a name the code spells (``with_name``) keep nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

GAMMA = """\
from pathlib import Path

from pkg.plugins import REGISTRY


def run():
    return "gamma"


REGISTRY[Path(__file__).stem] = run
"""

DELTA = """\
import inspect

from pkg.plugins import REGISTRY

REGISTRY[inspect.getmodulename(__file__)] = lambda: "delta"
"""

# its own data beside it, found by its file name through a name assigned the path
CATALOG = """\
import os

HERE = os.path.abspath(__file__)
with open(os.path.splitext(HERE)[0] + ".txt") as handle:
    ITEMS = handle.read().split()
"""

# the directory and a name the code spells depend on no module name (a program's name in a usage text does, which a
# test compares: tests/apply/test_shown_names_compared.py)
PATHS = """\
from pathlib import Path

DATA = Path(__file__).parent / "data.txt"
SIBLING = Path(__file__).resolve().with_name("data.txt")
ROOT = Path(__file__).resolve().parent.parent
"""

GOLDEN = """\
import json
from pathlib import Path


def expected():
    return json.loads(Path(__file__).with_suffix(".json").read_text())
"""

TESTS = """\
import json
from pathlib import Path

from pkg import catalog, paths, shapes
from pkg.plugins import REGISTRY, delta, gamma  # noqa: F401
from tests.golden import expected


def test_registered():
    assert REGISTRY["gamma"]() == "gamma" and REGISTRY["delta"]() == "delta"


def test_data_beside_modules():
    assert json.loads(Path(shapes.__file__).with_suffix(".json").read_text()) == {"sides": 3}
    assert catalog.ITEMS == ["a", "b"]
    assert expected() == [1, 2]


def test_directory():
    assert paths.DATA.read_text() == paths.SIBLING.read_text() == "data\\n"
"""


def test_modules_whose_file_name_is_read_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n"tests/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/plugins/__init__.py": "REGISTRY = {}\n",
            "pkg/plugins/gamma.py": GAMMA,
            "pkg/plugins/delta.py": DELTA,
            "pkg/shapes.py": "SIDES = 3\n",
            "pkg/shapes.json": '{"sides": 3}\n',
            "pkg/catalog.py": CATALOG,
            "pkg/catalog.txt": "a b\n",
            "pkg/paths.py": PATHS,
            "pkg/data.txt": "data\n",
            "tests/__init__.py": "",
            "tests/golden.py": GOLDEN,
            "tests/golden.json": "[1, 2]\n",
            "tests/test_files.py": TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    reads = "reads its file name as data"
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"] != "tests/test_files.py"}
    assert kept == {
        "pkg/plugins/gamma.py": f"found by name by pkg/plugins/gamma.py:10, which {reads}",
        "pkg/plugins/delta.py": f"found by name by pkg/plugins/delta.py:5, which {reads}",
        "pkg/shapes.py": f"found by name by tests/test_files.py:14, which {reads}",
        "pkg/catalog.py": f"found by name by pkg/catalog.py:4, which {reads}",
        "tests/golden.py": f"found by name by tests/golden.py:6, which {reads}",
    }
    renamed = sorted(r["old"] for r in plan_renames(plan))
    assert renamed == ["pkg/paths.py"]  # its directory, a spelled name and a usage text keep nothing
    assert plan["hazards"] == []

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/paths.py").exists() and (repo / "pkg/plugins/gamma.py").exists()
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_file_name_read_nothing_attributes_is_a_hazard(cli: Invoke, tmp_path: Path) -> None:
    """A method given modules its callers load: the plan names the modules its file imports."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/google.py": "X = 1\n",
            "pkg/table.py": (
                "from pathlib import Path\n\nfrom pkg import google\n\n\nclass Table:\n    def names(self, modules):\n"
                "        return [Path(m.__file__).stem for m in modules]\n\n\nNAMES = Table().names([google])\n"
            ),
        },
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [(h["kind"], h["module"], h["path"], h["line"]) for h in plan["hazards"]] == [
        ("module-file-name", "pkg.google", "pkg/table.py", 8)
    ]
    assert "reads its file name as data" in plan["hazards"][0]["detail"]


def test_the_reads_of_a_file_name() -> None:
    from planner.read_facts import extract

    def read(source: str, path: str = "pkg/mod.py") -> list[str]:
        return sorted(k for k in extract(source, path).bound_names if k.startswith("file-name"))

    own = ["file-name:"]
    assert read("from pathlib import Path\nS = Path(__file__).stem\n") == own
    assert read("import pathlib\nS = pathlib.Path(__file__).resolve().name\n") == own
    assert read("from pathlib import Path\nHERE = Path(__file__)\nJ = HERE.with_suffix('.json')\n") == own
    assert read("import os\nS = os.path.basename(__file__)[:-3]\n") == own
    assert read("import os\nS = os.path.splitext(os.path.basename(__file__))[0]\n") == own
    assert read("import os\nroot, ext = os.path.splitext(os.path.realpath(__file__))\n") == own
    assert read("import inspect\nS = inspect.getmodulename(__file__)\n") == own
    assert read("S = __file__[:-3]\nJ = __file__.replace('.py', '.json')\n") == own
    assert read("T = __name__[4:]\nS = __file__[:-3]\n") == own  # a slice of a string read as a name's too
    assert read("import sys, os\nS = os.path.basename(sys.modules[__name__].__file__)\n") == own
    assert read("from pathlib import Path\nfrom p import a\nS = Path(a.__file__).stem\n") == ["file-name:p.a"]
    assert read("from pathlib import Path\nS = Path(__spec__.origin).stem\n") == own
    assert read("import os\nfrom p import a\nS = os.path.basename(a.__spec__.origin)\n") == ["file-name:p.a"]
    assert read("import os\nimport p.a\nS = os.path.basename(p.a.__file__)\n") == ["file-name:p.a"]
    assert read("from pathlib import Path\ndef f(m):\n    return Path(m.__file__).stem\n") == ["file-name-param:f:0:m"]
    assert read("from pathlib import Path\ndef f():\n    m = load()\n    return Path(m.__file__).stem\n") == [
        "file-name-unknown:4"
    ]
    # through inspect, the path's last part, a split at the separator
    assert read("import inspect, sys\nS = inspect.getfile(sys.modules[__name__])[:-3]\n") == own
    assert read("import inspect\nclass K:\n    pass\nS = Path(inspect.getsourcefile(K)).stem\n") == own
    assert read("import inspect\nfrom p import a\nS = Path(inspect.getfile(a)).name\n") == ["file-name:p.a"]
    assert read("import os\nhead, tail = os.path.split(os.path.abspath(__file__))\n") == own
    assert read("import os\nS = __file__.split(os.path.sep)[-1]\nT = __file__.rpartition('/')[2]\n") == own
    assert read("from pathlib import Path\nS = Path(__file__).parts[-1]\nT = Path(__file__).parts[-1:]\n") == own
    method = "import inspect\nclass A:\n    def f(self):\n        return Path(inspect.getfile(type(self))).stem\n"
    assert read(method) == ["file-name-class:A", "file-name:"]  # the class's module, and each subclass's
    # the directory, the suffix, a name the code spells, the whole path and other paths keep nothing
    assert read("import os\nD = os.path.split(__file__)[0]\nP = Path(__file__).parts[:-1]\n") == []
    assert read("import os\nU = url.split('/')[-1]\nV = __file__.split('.')[-1]\nW = Path(__file__).parts[-2]\n") == []
    assert read("from pathlib import Path\nD = Path(__file__).parent\nR = Path(__file__).resolve().parent.name\n") == []
    assert read("from pathlib import Path\nS = Path(__file__).suffix\nW = Path(__file__).with_name('x.json')\n") == []
    assert (
        read("import os\nD = os.path.dirname(__file__)\nE = os.path.splitext(__file__)[1]\nT = open(__file__)\n") == []
    )
    assert read("import os, logging\nL = logging.getLogger(os.path.basename(__file__))\n") == []
    assert read("from pathlib import Path\nS = Path(other).stem\nN = self.name\nF = __file__\n") == []


# the file found through inspect, the spec's origin, the path's last part or a split of the path string
KAPPA = """\
import os
import sys

from pkg.plugins import REGISTRY

REGISTRY[os.path.split(__file__)[1][:-3]] = lambda: "kappa"
REGISTRY[__file__.rsplit(os.sep, 1)[-1][:-3]] = lambda: "kappa"
"""

LAMBDA = """\
from pathlib import Path

from pkg.plugins import REGISTRY

REGISTRY[Path(__file__).parts[-1][:-3]] = lambda: "lambda"
"""

SOURCES = """\
import inspect
import os
from pathlib import Path

from pkg import mu, nu, xi
from pkg.omega import Omega


def test_data_beside_modules():
    assert Path(inspect.getfile(mu)).with_suffix(".txt").read_text() == "mu\\n"
    assert Path(inspect.getsourcefile(nu)).stem == "nu"
    assert os.path.basename(xi.__spec__.origin) == "xi.py"
    assert Path(inspect.getfile(Omega)).stem == "omega"
"""

PLUGIN_TESTS = """\
from pkg.plugins import REGISTRY, kappa, lam  # noqa: F401


def test_registered():
    assert REGISTRY["kappa"]() == "kappa" and REGISTRY["lam"]() == "lambda"
"""


def test_file_names_read_through_inspect_the_spec_and_the_path_s_parts(cli: Invoke, tmp_path: Path) -> None:
    """``inspect.getfile(X)``/``getsourcefile(X)`` (a module, or a class: the module that defines it), ``Path(F)
    .parts[-1]``, ``os.path.split(F)[1]`` and ``F.rsplit(os.sep, 1)[-1]`` read the file name as ``.stem`` does: on
    main they kept nothing, and after apply the suite lost both tests (a KeyError, a file not found)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n"tests/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/plugins/__init__.py": "REGISTRY = {}\n",
            "pkg/plugins/kappa.py": KAPPA,
            "pkg/plugins/lam.py": LAMBDA,
            "pkg/mu.py": "M = 1\n",
            "pkg/mu.txt": "mu\n",
            "pkg/nu.py": "N = 1\n",
            "pkg/xi.py": "X = 1\n",
            "pkg/omega.py": "class Omega:\n    pass\n",
            "pkg/plain.py": "from pathlib import Path\n\nHERE = Path(__file__).parts[:-1]\n",
            "tests/__init__.py": "",
            "tests/test_sources.py": SOURCES,
            "tests/test_plugins.py": PLUGIN_TESTS,
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    reads = "reads its file name as data"
    kept = {k["path"]: k["reason"] for k in plan["kept"] if not k["path"].startswith("tests/")}
    assert kept == {
        "pkg/plugins/kappa.py": f"found by name by pkg/plugins/kappa.py:6, which {reads}",
        "pkg/plugins/lam.py": f"found by name by pkg/plugins/lam.py:5, which {reads}",
        "pkg/mu.py": f"found by name by tests/test_sources.py:10, which {reads}",
        "pkg/nu.py": f"found by name by tests/test_sources.py:11, which {reads}",
        "pkg/xi.py": f"found by name by tests/test_sources.py:12, which {reads}",
        "pkg/omega.py": f"found by name by tests/test_sources.py:13, which {reads}",
    }
    renamed = sorted(r["old"] for r in plan_renames(plan) if r["old"].startswith("pkg/"))
    assert renamed == ["pkg/plain.py"]  # the directories of its path keep nothing
    assert plan["hazards"] == []

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/plain.py").exists() and (repo / "pkg/mu.py").exists()
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_class_s_file_read_in_its_methods_keeps_its_subclasses_modules(cli: Invoke, tmp_path: Path) -> None:
    """``Path(inspect.getfile(cls)).stem`` in ``__init_subclass__``: a registry keyed by the file name of each
    subclass's module. On main it was a hazard and the subclasses' modules were renamed (``REGISTRY['csvfmt']``
    raised KeyError); now each subclass found in the checkout keeps its module, as for ``cls.__module__``."""
    base = (
        "import inspect\nfrom pathlib import Path\n\nREGISTRY = {}\n\n\nclass Plugin:\n"
        "    def __init_subclass__(cls, **kw):\n        super().__init_subclass__(**kw)\n"
        "        REGISTRY[Path(inspect.getfile(cls)).stem] = cls\n"
    )
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/base.py": base,
            "pkg/plugins/__init__.py": "",
            "pkg/plugins/csvfmt.py": "from pkg.base import Plugin\n\n\nclass Csv(Plugin):\n    pass\n",
            "pkg/plugins/jsonfmt.py": "from .csvfmt import Csv\n\n\nclass Json(Csv):\n    pass\n",
            "pkg/plain.py": "X = 1\n",
            "tests/__init__.py": "",
            "tests/test_registry.py": (
                "import pkg.plugins.jsonfmt  # noqa: F401\nfrom pkg.base import REGISTRY\n\n\ndef test_keys():\n"
                "    assert sorted(REGISTRY) == ['csvfmt', 'jsonfmt']\n"
            ),
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert sorted(k["path"] for k in plan["kept"]) == ["pkg/base.py", "pkg/plugins/csvfmt.py", "pkg/plugins/jsonfmt.py"]
    assert "reads its file name as data (of a subclass of `Plugin`: `Json`)" in plan["kept"][2]["reason"]
    assert plan["hazards"] == []
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/plain.py").exists()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_class_given_to_a_function_reading_its_file_keeps_the_defining_module(cli: Invoke, tmp_path: Path) -> None:
    """``file_key(Csv)`` whose ``file_key(obj)`` reads ``Path(inspect.getfile(obj)).stem``: the callers give a class,
    whose file is its defining module's (on main nothing was kept, and ``REG['csvfmt']`` raised KeyError)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/names.py": "import inspect\nfrom pathlib import Path\n\n\ndef file_key(obj):\n"
            "    return Path(inspect.getfile(obj)).stem\n",
            "pkg/csvfmt.py": "class Csv:\n    pass\n",
            "pkg/registry.py": "from pkg.csvfmt import Csv\nfrom pkg.names import file_key\n\nREG = {file_key(Csv): Csv}\n",
            "tests/__init__.py": "",
            "tests/test_reg.py": "from pkg.registry import REG\n\n\ndef test_keys():\n    assert list(REG) == ['csvfmt']\n",
        },
    )
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [(k["path"], k["reason"]) for k in plan["kept"]] == [
        (
            "pkg/csvfmt.py",
            "found by name by pkg/names.py:6, which reads its file name as data (`obj` of `file_key`, given it by "
            "pkg/registry.py:4)",
        )
    ]
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert not (repo / "pkg/names.py").exists()
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
