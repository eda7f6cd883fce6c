"""``guardian retire`` removes a conditional binding only as Guardian wrote it (review 26, defect 2): a person's
``else:`` after it, or a statement added to its block, was left orphaned (an ``__init__`` that no longer parses,
exit 0). Such a block is refused whole, naming its file and line; an intact one is still removed."""

from __future__ import annotations

import ast

import pytest

from codemods.errors import EditedBlock
from codemods.old_name_bindings import BINDING_COMMENT, strip_bindings

BLOCK = f'if "WF1_b" in globals():\n    from . import (  {BINDING_COMMENT}\n        WF1_b as b,\n    )\n'
LINE = f'if "WF1_b" in globals(): from . import WF1_b as b  {BINDING_COMMENT}\n'
EDITS = {
    "else": "else:\n    b = None\n",
    "elif": "elif True:\n    b = None\n",
    "a statement in the block": "    b.READY = True\n",
    "after a blank line": "\n    b.READY = True\n",
}


@pytest.mark.parametrize("binding", [BLOCK, LINE], ids=["block", "line"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_binding_is_refused_whole(binding: str, edit: str) -> None:
    source = f"from .a import *\n{binding}{EDITS[edit]}X = 1\n"
    if binding == LINE and edit.startswith(("a statement", "after")):
        pytest.skip("a one-line if has no block to add to")
    ast.parse(source)
    with pytest.raises(EditedBlock) as raised:
        strip_bindings(source, "pkg/__init__.py")
    assert raised.value.message.startswith("pkg/__init__.py:2: ")
    assert "\n" not in raised.value.message and raised.value.hint


@pytest.mark.parametrize("binding", [BLOCK, LINE], ids=["block", "line"])
def test_an_intact_binding_is_removed(binding: str) -> None:
    assert strip_bindings(f"from .a import *\n{binding}\nX = 1\n") == "from .a import *\n\nX = 1\n"
    assert strip_bindings(f"from .a import *\n{binding}") == "from .a import *\n"
