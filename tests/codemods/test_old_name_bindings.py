"""The compatibility binding of an old submodule name in its package's ``__init__``, before and after."""

from __future__ import annotations

from codemods.old_name_bindings import BINDING_COMMENT, add_bindings, find_bindings, strip_bindings

BEFORE = """\
\"\"\"The package.\"\"\"

from .WF1_functoolz import *

from .WF1_itertoolz import *
import pkg.WF1_dicttoolz
from . import WF1_recipes as recipes


def later():
    from . import WF1_lazy

    return WF1_lazy
"""

AFTER = f"""\
\"\"\"The package.\"\"\"

from .WF1_functoolz import *
from . import (  {BINDING_COMMENT}
    WF1_functoolz as functoolz,
)

from .WF1_itertoolz import *
import pkg.WF1_dicttoolz
from . import (  {BINDING_COMMENT}
    WF1_dicttoolz as dicttoolz,
)
from . import WF1_recipes as recipes


def later():
    from . import WF1_lazy

    return WF1_lazy
if "WF1_loaded" in globals():
    from . import (  {BINDING_COMMENT}
        WF1_loaded as loaded,
    )
"""


def test_each_old_name_follows_the_import_of_its_new_module_once() -> None:
    names = {
        "functoolz": "WF1_functoolz",
        "dicttoolz": "WF1_dicttoolz",
        "recipes": "WF1_recipes",  # bound already (Rope kept the local name): left alone
        "lazy": "WF1_lazy",  # only a function imports it: left alone
        "loaded": "WF1_loaded",  # never named: loaded through another submodule, bound at the end
    }
    code, edits = add_bindings(BEFORE, "pkg/__init__.py", "pkg", names)
    assert code == AFTER
    assert [(e["line"], e["old"]) for e in edits] == [(4, "functoolz"), (10, "dicttoolz"), (20, "loaded")]
    assert {e["kind"] for e in edits} == {"old-name-binding"} and {e["path"] for e in edits} == {"pkg/__init__.py"}
    assert find_bindings(code) == ["functoolz", "dicttoolz", "loaded"]
    assert strip_bindings(code) == BEFORE  # what guardian retire leaves


def test_line_endings_are_kept_and_a_hand_written_marker_is_not_guardians() -> None:
    before = BEFORE.replace("\n", "\r\n")
    code, _ = add_bindings(before, "pkg/__init__.py", "pkg", {"functoolz": "WF1_functoolz"})
    assert f"from . import (  {BINDING_COMMENT}\r\n    WF1_functoolz as functoolz,\r\n)\r\n" in code
    assert "\n" not in code.replace("\r\n", "")
    assert strip_bindings(code) == before
    hand = f"from . import WF1_functoolz as functoolz  {BINDING_COMMENT} (and mine)\n"
    assert find_bindings(hand) == [] and strip_bindings(hand) == hand
    hand = f"from . import (  {BINDING_COMMENT} (and mine)\n    WF1_functoolz as functoolz,\n)\n"
    assert find_bindings(hand) == [] and strip_bindings(hand) == hand
