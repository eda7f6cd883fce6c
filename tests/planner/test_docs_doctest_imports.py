"""A documentation file's doctest imports a renamed module with no dotted token (issue 13, jsonpatch 1.48).

jsonpatch's ``doc/tutorial.rst`` (run by ``doctest.testfile`` in its suite) does ``>>> import jsonpatch``, a
top-level module; ``>>> from pkg import mod`` names ``pkg.mod`` the same way. Apply rewrites a prompt line's code
(codemods/doc_examples.py); the plan lists each such line as a ``doctest`` reference of the module it imports. A
``...`` line counts only right after a prompt line, and a dotted path (``import pkg.mod``) is a token as before.
"""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.scan import scan_repo

TUTORIAL = """\
>>> import tool
>>> tool.make()
>>> from pkg import mod, other as o
>>> from tool import make
>>> import pkg.mod
... import tool
Use tool.

... import tool
    >>> import os; from pkg import mod
"""


def test_doctest_imports_in_docs_are_listed(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("def run():\n    pass\n")
    (tmp_path / "tool.py").write_text("def make():\n    pass\n")
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "tutorial.rst").write_text(TUTORIAL)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.module) for r in scan.references if r.path == "doc/tutorial.rst")
    assert found == [
        (1, "doctest", "tool"),
        (2, "docs", "tool"),
        (3, "doctest", "pkg.mod"),
        (4, "doctest", "tool"),
        (5, "docs", "pkg.mod"),
        (6, "doctest", "tool"),
        (10, "doctest", "pkg.mod"),  # after ``import os;``: apply rewrites it (it was not listed)
    ]


def test_a_doctest_import_over_lines_is_listed_on_each_name(tmp_path: Path) -> None:
    """``>>> from pkg import (`` then ``...     mod,``, or after a backslash: the plan lists each name on the line
    it stands on, as apply rewrites it (tests/codemods/rewrite_config_refs/doctest_multiline_imports.*)."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("def run():\n    pass\n")
    (tmp_path / "pkg" / "other.py").write_text("")
    (tmp_path / "docs").mkdir()
    usage = Path(__file__).parents[1] / "codemods" / "rewrite_config_refs" / "doctest_multiline_imports.before.md"
    (tmp_path / "docs" / "usage.md").write_text(usage.read_text(encoding="utf-8"))
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.module) for r in scan.references if r.path == "docs/usage.md")
    assert found == [
        (4, "docs", "pkg.mod"),
        (7, "doctest", "pkg.other"),
        (8, "doctest", "pkg.mod"),
        (11, "doctest", "pkg.mod"),
        (12, "doctest", "pkg.other"),
        (13, "doctest", "pkg.mod"),
        (14, "docs", "pkg.mod"),
    ]


def test_each_name_of_a_plain_import_is_listed_as_apply_rewrites_it(tmp_path: Path) -> None:
    """``>>> import os, tool``: the top-level module after the first name is listed too, in a documentation file
    and in a docstring, where apply rewrites it (it was rewritten, not listed)."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text('"""Use.\n\n>>> import os, tool\n>>> tool.make()\n"""\n')
    (tmp_path / "tool.py").write_text("def make():\n    pass\n")
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "usage.rst").write_text(">>> import os, tool\n>>> import pkg.mod as m, tool\n")
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.path, r.line) for r in scan.references if r.module == "tool" and r.kind == "doctest")
    assert found == [("doc/usage.rst", 1), ("doc/usage.rst", 2), ("pkg/mod.py", 3)]
    docs = rewrite_config_refs(
        (tmp_path / "doc" / "usage.rst").read_text(), {"tool": "WF1_tool"}, path="doc/usage.rst", path_renames={}
    )
    assert docs.code == ">>> import os, WF1_tool\n>>> import pkg.mod as m, WF1_tool\n"


FALLBACK = """\
>>> try:
...     import tool
... except ImportError:
...     tool = None
>>> print(tool is None)
False

.. code-block:: python

   try:
       from pkg import mod
       import tool
   except ImportError:
       tool = mod = None

Prose: tool = None, not code.
"""


def test_a_bare_module_name_in_an_examples_code_is_listed_where_apply_renames_it(tmp_path: Path) -> None:
    """``import tool`` becomes ``import WF1_tool`` in an example, so the name it bound is renamed on every line of
    the example's code: the fallback ``tool = None`` of ``except ImportError`` binds that name, ``print(tool)``
    reads it. The plan lists those lines too (apply renamed them; they were not listed). A ``.py`` module keeps
    its binding instead (``import WF1_tool as tool``), and its ``tool = None`` stays with it."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("")
    (tmp_path / "tool.py").write_text("def make():\n    pass\n")
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "usage.rst").write_text(FALLBACK)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    listed = {r.line for r in scan.references if r.path == "doc/usage.rst" and r.module == "tool"}
    new = rewrite_config_refs(FALLBACK, {"tool": "WF1_tool"}, path="doc/usage.rst", path_renames={}).code
    changed = {n for n, (a, b) in enumerate(zip(FALLBACK.splitlines(), new.splitlines()), start=1) if a != b}
    assert changed == {2, 4, 5, 12, 14}
    assert listed == changed


def test_a_docstring_examples_bound_name_is_listed_where_apply_renames_it(tmp_path: Path) -> None:
    """The same in a module's docstring: ``tool = None`` under ``except ImportError:`` and ``print(tool)`` bind and
    read the name ``import tool`` bound, which apply renames with it (they were rewritten, not listed)."""
    doc = (
        '"""Use.\n\n>>> try:\n...     import tool\n... except ImportError:\n...     tool = None\n>>> print(tool)\n"""\n'
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "user.py").write_text(doc)
    (tmp_path / "tool.py").write_text("def make():\n    pass\n")
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    listed = {r.line for r in scan.references if r.path == "pkg/user.py" and r.module == "tool"}
    assert listed == {4, 6, 7}
