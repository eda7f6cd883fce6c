"""The fix-up's textual pre-test (issue 17): ``may_need_fix`` answers False only where the fix-up
would change nothing: ``needs_fix``, on the parsed file, finds no import of the old module, or the
text does not hold the module's base name at all (the test the fix-up made before parsing)."""

from __future__ import annotations

import ast

import pytest

from codemods.fix_imports import may_need_fix, needs_fix

MODULE = "pkg.sub.mod"

CASES = [
    # (source, the file's package)
    ("import pkg.sub.mod\n", "app"),
    ("import pkg.sub.mod as m\n", "app"),
    ("import pkg . sub . mod\n", "app"),
    ("import pkg.sub.\\\n    mod\n", "app"),
    ("from pkg.sub import mod\n", "app"),
    ("from pkg.sub import (\n    other,\n    mod,\n)\n", "app"),
    ("from pkg.sub.mod import f\n", "app"),
    ("from .mod import f\n", "pkg.sub"),
    ("from . import mod\n", "pkg.sub"),
    ("from .. import x\n", "pkg.sub.mod.deeper"),  # resolves through the package: pkg.sub.mod
    ("from .. import x  # remodel\n", "pkg.sub.mod.deeper"),
    ("from . import x\n", "pkg.sub.mod"),
    ("from . import x\nremodel = 1\n", "pkg.sub.mod"),
    ("def f():\n    import pkg.sub.mod\n", "app"),
    ("import pkg.sub.WF1_mod\nx = pkg.sub.WF1_mod.f()\n", "app"),  # the old name inside the new only
    ("from pkg.sub import WF1_mod as mod\n", "app"),  # a kept local name
    ("import pkg.sub.model\n# remodel\n", "app"),
    ("import other\n", "app"),
    ("x = 'mod'\n", "app"),
    ("from pkg.sub import \uff4dod\n", "app"),  # a full-width m: Python reads ``mod``
    ("from pkg.sub import \uff4dod  # remodel\n", "app"),
]


@pytest.mark.parametrize(("source", "package"), CASES)
def test_false_only_where_the_fix_up_changes_nothing(source: str, package: str) -> None:
    found = needs_fix(ast.parse(source), old_module=MODULE, package=package, shadowed=())
    if found and b"mod" in source.encode():
        assert may_need_fix(source.encode(), old_module=MODULE, package=package)


def test_a_file_whose_imports_rope_rewrote_is_not_looked_at() -> None:
    source = b"import pkg.sub.WF1_mod\nx = pkg.sub.WF1_mod.f()\n"
    assert not needs_fix(ast.parse(source), old_module=MODULE, package="app", shadowed=())
    assert not may_need_fix(source, old_module=MODULE, package="app")
    assert may_need_fix(b"def f():\n    import pkg.sub.mod\n", old_module=MODULE, package="app")
