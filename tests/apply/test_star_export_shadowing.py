"""A star import that binds a submodule's name to one of its objects (issue 13, networkx).

networkx's ``algorithms/centrality/__init__.py`` does ``from .dispersion import *``; the module's
``__all__`` lists its function ``dispersion``, so after the import ``nx.dispersion`` is the function,
not the submodule the import set first. Guardian took the name for the submodule: Rope rewrote
``nx.dispersion(G)`` to ``nx.WF1_..._dispersion(G)`` and the compatibility binding ``from . import
WF1_..._dispersion as dispersion`` put the module back over the function; 88 of networkx's tests failed
with "'module' object is not callable". The package shadows such a submodule: only imports of it are
renamed, and its name gets no binding. Without ``__all__`` a star import gives every public name, the
module's own name included; with one, only what it lists (a name it defines but leaves out is no shadow).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
SUITE = """\
import pkg
import pkg.algo
from pkg.algo.dispersion import dispersion as direct
from pkg.algo import closeness


def test_the_functions_the_star_imports_bound():
    assert pkg.dispersion(2) == 4
    assert pkg.algo.dispersion(3) == 6
    assert pkg.reciprocity(1) == 1
    assert direct(1) == 2


def test_a_submodule_not_shadowed_stays_reachable():
    assert closeness.closeness_centrality() == "cc"
    assert pkg.algo.closeness.closeness_centrality() == "cc"
"""


def test_a_star_import_of_a_function_named_like_its_module(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg/algo").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("from pkg.algo import *\n")
    (repo / "pkg/algo/__init__.py").write_text(
        "from .dispersion import *\nfrom .reciprocity import *\nfrom .closeness import *\n"
    )
    (repo / "pkg/algo/dispersion.py").write_text('__all__ = ["dispersion"]\n\n\ndef dispersion(x):\n    return 2 * x\n')
    (repo / "pkg/algo/reciprocity.py").write_text("def reciprocity(x):\n    return x\n")  # no __all__
    (repo / "pkg/algo/closeness.py").write_text(
        '__all__ = ["closeness_centrality"]\n\n\ndef closeness():\n    return "private"\n\n\n'
        'def closeness_centrality():\n    return "cc"\n'
    )
    (repo / "tests/test_api.py").write_text(SUITE)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("2 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    shadowed = {h["module"] for h in plan["hazards"] if h["kind"] == "shadowed-submodule"}
    assert shadowed == {"pkg.algo.dispersion", "pkg.algo.reciprocity"}

    cli(repo, "-q", "apply", "--all", "--no-tests")
    after = SUITE.replace("pkg.algo.dispersion import", "pkg.algo.WF1_V7_L1_2of3_dispersion import")
    after = after.replace("import closeness", "import WF1_V7_L1_1of3_closeness as closeness")
    after = after.replace("pkg.algo.closeness.", "pkg.algo.WF1_V7_L1_1of3_closeness.")
    assert (repo / "tests/test_api.py").read_text() == after
    assert (repo / "pkg/algo/__init__.py").read_text() == (
        "from .WF1_V7_L1_2of3_dispersion import *\nfrom .WF1_V7_L1_3of3_reciprocity import *\n"
        "from .WF1_V7_L1_1of3_closeness import *\n"
        "from . import (  # guardian-binding: old name kept until guardian retire\n"
        "    WF1_V7_L1_1of3_closeness as closeness,\n)\n"
    )
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_computed_all_and_a_sibling_named_in_all(cli: Invoke, tmp_path: Path) -> None:
    """``__all__`` built by code still gives the module's own name (review 23, 11); a sibling submodule that
    ``__all__`` lists is that very submodule, no shadow: its imports are renamed (review 23, 21)."""
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("from .dispersion import *\nfrom .closeness import *\nfrom .core import *\n")
    (repo / "pkg/dispersion.py").write_text(
        "def dispersion(g):\n    return g * 2\n\n\n__all__ = [f.__name__ for f in (dispersion,)]\n"
    )
    (repo / "pkg/closeness.py").write_text('def closeness(g):\n    return g + 1\n\n\n__all__ = ["close" + "ness"]\n')
    (repo / "pkg/core.py").write_text(
        'from . import helpers\n\n__all__ = ["helpers", "f"]\n\n\ndef f():\n    return helpers.g()\n'
    )
    (repo / "pkg/helpers.py").write_text("def g():\n    return 42\n")
    (repo / "tests/test_api.py").write_text(
        "import pkg\nimport pkg.helpers\nfrom pkg import helpers as h\n\n\n"
        "def test_api():\n    assert (pkg.dispersion(2), pkg.closeness(2), pkg.f(), pkg.helpers.g(), h.g()) == (4, 3, 42, 42, 42)\n"
    )
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    shadowed = {h["module"] for h in plan["hazards"] if h["kind"] == "shadowed-submodule"}
    assert shadowed == {"pkg.dispersion", "pkg.closeness"}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_star_import_of_a_function_named_like_a_sibling_module(cli: Invoke, tmp_path: Path) -> None:
    """sqlglot's ``expressions/__init__.py`` does ``from .array import *`` and later ``from .builders import *``;
    ``builders`` (no ``__all__``) defines the function ``array``, so ``exp.array()`` is that function, not the
    submodule. Rope rewrote ``exp.array()`` to ``exp.WF..._array()`` and 15 of sqlglot's tests failed with "'module'
    object is not callable". A star import shadows a sibling submodule whose name the module defines and exports."""
    repo = tmp_path / "repo"
    (repo / "pkg/exp").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/exp/__init__.py").write_text("from .array import *\nfrom .builders import *\n")
    (repo / "pkg/exp/array.py").write_text("class Array:\n    pass\n")
    (repo / "pkg/exp/builders.py").write_text(
        "from .array import Array\n\n\ndef array(*items):\n    return [Array(), *items]\n"
    )
    (repo / "pkg/gen.py").write_text("from pkg import exp\n\n\ndef build():\n    return exp.array(1)\n")
    (repo / "tests/test_api.py").write_text(
        "from pkg import exp\nfrom pkg.gen import build\n\n\n"
        "def test_api():\n    assert exp.array(2)[1:] == [2] and build()[1:] == [1]\n    assert isinstance(build()[0], exp.Array)\n"
    )
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    shadowed = {h["module"] for h in plan["hazards"] if h["kind"] == "shadowed-submodule"}
    assert shadowed == {"pkg.exp.array"}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    [gen] = (repo / "pkg").glob("*_gen.py")
    assert gen.read_text() == "from pkg import exp\n\n\ndef build():\n    return exp.array(1)\n"
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_an_all_copied_from_another_modules_all(cli: Invoke, tmp_path: Path) -> None:
    """django-filter's ``rest_framework/filters.py`` imports ``from django_filters import filters`` and sets ``__all__
    = filters.__all__``, a list of class names without ``filters``; its package's ``from .filters import *`` leaves
    the submodule bound. Read as a computed ``__all__`` (every public name, the imported ``filters`` too), the submodule
    was taken for shadowed and got no binding: ``from django_filters.rest_framework import filters`` raised
    ImportError after apply (7 of its tests lost). An ``__all__`` that copies other modules' (``m.__all__``, ``+``,
    ``[*m.__all__, "x"]``, ``list(m.__all__)``) lists theirs; one copied from outside the checkout is still every name."""
    repo = tmp_path / "repo"
    (repo / "pkg/rest").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text(CONFIG)
    (repo / "pkg/__init__.py").write_text("")
    (repo / "pkg/filters.py").write_text('__all__ = ["Filter"]\n\n\nclass Filter:\n    pass\n')
    (repo / "pkg/widgets.py").write_text('__all__ = ("Widget",)\n\n\nclass Widget:\n    pass\n')
    (repo / "pkg/rest/__init__.py").write_text("from .filters import *\nfrom .widgets import *\nfrom .more import *\n")
    (repo / "pkg/rest/filters.py").write_text(
        "from pkg import filters\n\nfrom ..filters import *  # noqa\n\n__all__ = filters.__all__\n\n\n"
        "class Filter(filters.Filter):\n    rest = True\n"
    )
    (repo / "pkg/rest/widgets.py").write_text(
        'import pkg.widgets as widgets\nfrom pkg.widgets import *  # noqa\n\n__all__ = [*widgets.__all__, "Extra"]\n\n\nclass Extra:\n    pass\n'
    )
    (repo / "pkg/rest/more.py").write_text(
        'import json\nfrom json import *  # noqa\n\nfrom pkg import filters as more\n\n__all__ = json.__all__ + ["more"]\n'
    )
    (repo / "tests/test_api.py").write_text(
        "from pkg.rest import filters, widgets\nimport pkg.rest\n\n\n"
        "def test_the_submodules():\n"
        "    assert filters.Filter.rest and filters.__name__.endswith('filters')\n"
        "    assert widgets.Extra and pkg.rest.widgets.__name__.endswith('widgets')\n"
        "    assert pkg.rest.more.Filter and pkg.rest.Filter.rest\n"
    )
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    shadowed = {h["module"] for h in plan["hazards"] if h["kind"] == "shadowed-submodule"}
    assert shadowed == {"pkg.rest.more"}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
