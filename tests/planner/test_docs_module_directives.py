"""A directive's argument and a module role's target name a module by definition (issue 13): ``.. automodule:: tool``,
``.. currentmodule:: tool``, mkdocstrings' ``::: tool``, ``:mod:`tool``` name the renamed top-level module ``tool``
by its bare name. The plan lists each (apply rewrites them: tests/codemods/rewrite_config_refs/docs_module_directives.*
and docs_mkdocstrings.*); a bare name anywhere else in a directive (``.. py:function:: run(tool)``) or in another
role (``:ref:`tool```, ``:func:`tool```) is no module path: neither listed nor rewritten; nor is the bare argument of
a directive documenting an object (``.. autofunction:: tool``: the function ``tool`` of the current module)."""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_string_refs import rewrite_string_refs
from planner.config import Config
from planner.read_facts import extract
from planner.scan import scan_repo

CASES = Path(__file__).parents[1] / "codemods" / "rewrite_config_refs"


def _listed(tmp_path: Path, name: str) -> list[tuple[int, str, str, str]]:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("class Cls:\n    pass\n")
    (tmp_path / "tool.py").write_text("def make():\n    pass\n")
    (tmp_path / "docs").mkdir()
    suffix = name.rpartition(".")[2]
    (tmp_path / "docs" / f"api.{suffix}").write_text((CASES / name).read_text(encoding="utf-8"))
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    return sorted((r.line, r.kind, r.module, r.text) for r in scan.references if r.path == f"docs/api.{suffix}")


def test_sphinx_directives_and_module_roles(tmp_path: Path) -> None:
    found = _listed(tmp_path, "docs_module_directives.before.rst")
    bare = [(line, kind) for line, kind, module, text in found if text == "tool"]
    modules = [(4, "automodule"), (10, "automodule"), (11, "automodule"), (13, "automodule")]
    # ``.. autofunction:: tool`` (lines 22-24): the module's function or data, an object, not the module
    assert bare == [*modules, *[(17, "sphinx")] * 3, (20, "automodule"), (21, "automodule")]
    dotted = {(line, kind) for line, kind, module, text in found if text != "tool"}
    assert {(7, "automodule"), (8, "automodule"), (9, "automodule"), (14, "automodule")} <= dotted


def test_mkdocstrings_identifiers(tmp_path: Path) -> None:
    found = _listed(tmp_path, "docs_mkdocstrings.before.md")
    assert found == [
        (3, "automodule", "tool", "tool"),
        (5, "automodule", "pkg.mod", "pkg.mod"),
        (9, "automodule", "tool", "tool.make"),
    ]


def test_a_docstring_role_names_a_bare_module_in_a_module_role_only() -> None:
    source = '"""See :mod:`tool`, :py:mod:`~tool`, :func:`tool`, :ref:`tool` and :func:`tool.make`."""\n'
    facts = [(s.kind, s.text) for s in extract(source, "pkg/user.py").strings if s.kind == "sphinx"]
    assert facts == [("sphinx", "tool"), ("sphinx", "tool"), ("sphinx", "tool.make")]
    result = rewrite_string_refs(source, {"tool": "WF1_tool"}, path="pkg/user.py", module="pkg.user")
    assert result.code == (
        '"""See :mod:`WF1_tool`, :py:mod:`~WF1_tool`, :func:`tool`, :ref:`tool` and :func:`WF1_tool.make`."""\n'
    )
    # left, but not silently: a bare name a person may still have to change
    assert result.warnings == (
        "pkg/user.py:1: manual follow-up: a role's target is a renamed module's bare name outside a :mod: role: "
        "'tool' in 'See :mod:`tool`, :py:mod:`~tool`, :func:`tool`, :ref:`tool` and :func:`tool.make`.'",
    )
